package io.ponybunny.bench;

import java.nio.charset.StandardCharsets;

/**
 * Long recorded-style streams, one per protocol, each of exactly {@link #CHUNKS} events (SSE
 * events, JSON-array elements or NDJSON lines), with the envelopes real providers send: ids,
 * models, fingerprints, null fields, usage blocks, and text with escapes and multi-byte UTF-8.
 */
final class BenchStreams {

  /** Events per stream: the {@code @OperationsPerInvocation} of the benchmark. */
  static final int CHUNKS = 2000;

  private static final String[] WORDS = {
    "The",
    " quick",
    " brown",
    " fox",
    " jumps",
    " over",
    " the",
    " lazy",
    " dog",
    ".",
    "\\n",
    " Café",
    " naïve",
    " 東京",
    " 😀",
    " \\\"quoted\\\"",
    " tab\\t",
    " 42",
    ",",
    " and"
  };

  private BenchStreams() {}

  private static String word(int i) {
    return WORDS[i % WORDS.length];
  }

  static byte[] of(String protocol) {
    return switch (protocol) {
      case "anthropic" -> anthropic();
      case "openai" -> openAi();
      case "responses" -> responses();
      case "gemini-sse" -> geminiSse();
      case "gemini-json-array" -> geminiJsonArray();
      case "ollama" -> ollama();
      default -> throw new IllegalArgumentException(protocol);
    };
  }

  private static byte[] utf8(StringBuilder sb) {
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] anthropic() {
    StringBuilder sb = new StringBuilder();
    sb.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":")
        .append("\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",")
        .append("\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,")
        .append("\"stop_sequence\":null,\"usage\":{\"input_tokens\":472,")
        .append("\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,")
        .append("\"output_tokens\":2}}}\n\n");
    sb.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,")
        .append("\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
    for (int i = 0; i < CHUNKS - 5; i++) {
      if (i % 50 == 7) {
        sb.append("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        continue;
      }
      sb.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",")
          .append("\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"")
          .append(word(i))
          .append("\"}}\n\n");
    }
    sb.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
    sb.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{")
        .append("\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{")
        .append("\"output_tokens\":1995}}\n\n");
    sb.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return utf8(sb);
  }

  private static final String OPENAI_HEAD =
      "data: {\"id\":\"33be18fc-3842-486c-8c29-dd8e578f7f20\",\"object\":\"chat.completion.chunk\","
          + "\"created\":1752169304,\"model\":\"deepseek-reasoner\",\"system_fingerprint\":"
          + "\"fp_393bca965e_prod0623_fp8_kvcache\",\"choices\":[{\"index\":0,\"delta\":{";

  static byte[] openAi() {
    StringBuilder sb = new StringBuilder();
    sb.append(OPENAI_HEAD)
        .append("\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"\"},")
        .append("\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    for (int i = 0; i < CHUNKS - 3; i++) {
      boolean reasoning = i < CHUNKS / 2;
      sb.append(OPENAI_HEAD);
      if (reasoning) {
        sb.append("\"content\":null,\"reasoning_content\":\"").append(word(i)).append("\"},");
      } else {
        sb.append("\"content\":\"").append(word(i)).append("\",\"reasoning_content\":null},");
      }
      sb.append("\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    }
    sb.append(OPENAI_HEAD)
        .append("\"content\":\"\",\"reasoning_content\":null},\"logprobs\":null,")
        .append("\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":20,")
        .append("\"completion_tokens\":1997,\"total_tokens\":2017,")
        .append("\"prompt_tokens_details\":{\"cached_tokens\":0},")
        .append("\"completion_tokens_details\":{\"reasoning_tokens\":998},")
        .append("\"prompt_cache_hit_tokens\":0,\"prompt_cache_miss_tokens\":20}}\n\n");
    sb.append("data: [DONE]\n\n");
    return utf8(sb);
  }

  static byte[] responses() {
    StringBuilder sb = new StringBuilder();
    String item = "msg_68af4f1a0d8c8190b6c07b0a5f1e2d3c0a1b2c3d4e5f6a7b";
    sb.append("event: response.created\ndata: {\"type\":\"response.created\",")
        .append("\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",")
        .append("\"created_at\":1756319514,\"status\":\"in_progress\",\"model\":\"gpt-5\",")
        .append("\"output\":[],\"usage\":null}}\n\n");
    sb.append("event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",")
        .append("\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"")
        .append(item)
        .append("\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],")
        .append("\"role\":\"assistant\"}}\n\n");
    for (int i = 0; i < CHUNKS - 3; i++) {
      sb.append("event: response.output_text.delta\ndata: {\"type\":")
          .append("\"response.output_text.delta\",\"sequence_number\":")
          .append(i + 2)
          .append(",\"item_id\":\"")
          .append(item)
          .append("\",\"output_index\":0,\"content_index\":0,\"delta\":\"")
          .append(word(i))
          .append("\",\"logprobs\":[],\"obfuscation\":\"Xy3kQ\"}\n\n");
    }
    sb.append("event: response.completed\ndata: {\"type\":\"response.completed\",")
        .append("\"sequence_number\":")
        .append(CHUNKS)
        .append(",\"response\":{\"id\":\"resp_1\",\"object\":\"response\",")
        .append("\"created_at\":1756319514,\"status\":\"completed\",\"model\":\"gpt-5\",")
        .append("\"output\":[{\"id\":\"")
        .append(item)
        .append("\",\"type\":\"message\",\"status\":\"completed\",\"content\":[{\"type\":")
        .append("\"output_text\",\"annotations\":[],\"text\":\"(omitted)\"}],")
        .append("\"role\":\"assistant\"}],\"usage\":{\"input_tokens\":12,")
        .append("\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":1997,")
        .append("\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":2009}}}\n\n");
    return utf8(sb);
  }

  private static String geminiElement(int i, boolean last) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"")
        .append(word(i))
        .append("\"}],\"role\": \"model\"}");
    if (last) {
      sb.append(",\"finishReason\": \"STOP\"");
    }
    sb.append(",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 9,")
        .append("\"candidatesTokenCount\": ")
        .append(i + 1)
        .append(",\"totalTokenCount\": ")
        .append(i + 10)
        .append(",\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 9}]},")
        .append("\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": ")
        .append("\"mH9naJ2XKc3Wz7IPqZ2p0Qs\"}");
    return sb.toString();
  }

  static byte[] geminiSse() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < CHUNKS; i++) {
      sb.append("data: ").append(geminiElement(i, i == CHUNKS - 1)).append("\r\n\r\n");
    }
    return utf8(sb);
  }

  static byte[] geminiJsonArray() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < CHUNKS; i++) {
      if (i > 0) {
        sb.append("\n,\r\n");
      }
      sb.append(geminiElement(i, i == CHUNKS - 1));
    }
    sb.append("\n]");
    return utf8(sb);
  }

  static byte[] ollama() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < CHUNKS - 1; i++) {
      sb.append("{\"model\":\"llama3.2\",\"created_at\":\"2025-07-10T17:41:44.")
          .append(100000 + i)
          .append("Z\",\"message\":{\"role\":\"assistant\",\"content\":\"")
          .append(word(i))
          .append("\"},\"done\":false}\n");
    }
    sb.append("{\"model\":\"llama3.2\",\"created_at\":\"2025-07-10T17:41:45.000000Z\",")
        .append("\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\",")
        .append("\"done\":true,\"total_duration\":4883583458,\"load_duration\":1334875,")
        .append("\"prompt_eval_count\":26,\"prompt_eval_duration\":342546000,")
        .append("\"eval_count\":1999,\"eval_duration\":4535599000}\n");
    return utf8(sb);
  }
}
