package io.ponybunny.ingress.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.TestServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official npm {@code openai} SDK (webui's devDependency) against PonyBunny's {@code /v1}: a
 * Node script ({@code src/test/node/openai-sdk-check.mjs}) streams, calls a tool and answers it,
 * meets a mid-stream failure, an unknown model and a bad key, lists the models, and prints what it
 * saw; this test asserts on it. It needs {@code webui/node_modules} (installed by the console's
 * build, {@code npm ci}): the build leaves it out under {@code -Dwebui.skip}, and it fails, never
 * skips, when the package is missing.
 */
class OpenAiNodeSdkIT {

  private static final Path SCRIPT = Path.of("src/test/node/openai-sdk-check.mjs");

  @ParameterizedTest
  @ValueSource(strings = {"sim", "sim-anthropic", "sim-gemini"})
  void theNpmSdkStreamsCallsToolsAndRaisesItsOwnErrors(String endpoint) throws Exception {
    assertTrue(
        Files.isDirectory(Path.of("webui/node_modules/openai")),
        "webui/node_modules/openai is missing: run npm ci in webui/ (or build without"
            + " -Dwebui.skip)");
    JsonObject out = run(endpoint);

    JsonObject text = out.getJsonObject("text");
    assertEquals(1, text.getJsonArray("ids").size(), "one id for every chunk: " + text);
    assertEquals(endpoint + "/m~tokens=20~tps=10", text.getJsonArray("models").getString(0));
    assertEquals("assistant", text.getString("role"));
    assertEquals("stop", text.getString("finishReason"));
    JsonArray arrivals = text.getJsonArray("arrivalsMs");
    assertTrue(arrivals.size() >= 10, "pieces: " + arrivals.size());
    double spread =
        arrivals.getJsonNumber(arrivals.size() - 1).doubleValue()
            - arrivals.getJsonNumber(0).doubleValue();
    assertTrue(spread >= 1000, "the pieces came over ~1.9 s, got " + spread + " ms");
    JsonObject usage = text.getJsonObject("usage");
    assertEquals(0, text.getInt("usageChoices"), "the usage chunk has no choices");
    assertTrue(usage.getInt("completion_tokens") > 0, usage.toString());
    assertEquals(
        usage.getInt("prompt_tokens") + usage.getInt("completion_tokens"),
        usage.getInt("total_tokens"));

    JsonObject whole = out.getJsonObject("whole");
    assertEquals("chat.completion", whole.getString("object"));
    JsonObject choice = whole.getJsonArray("choices").getJsonObject(0);
    assertFalse(choice.getJsonObject("message").getString("content").isBlank());
    assertEquals("stop", choice.getString("finish_reason"));

    JsonObject tool = out.getJsonObject("tool");
    assertEquals("tool_calls", tool.getString("finishReason"));
    JsonObject call = tool.getJsonArray("toolCalls").getJsonObject(0);
    assertEquals("get_weather", call.getString("name"));
    assertFalse(call.getString("id").isBlank());
    TestServer.json(call.getString("arguments"));

    JsonObject answer = out.getJsonObject("final");
    assertEquals("stop", answer.getString("finishReason"), answer.toString());
    assertFalse(answer.getString("content").isBlank());

    JsonObject mid = out.getJsonObject("midStream");
    assertTrue(mid.getBoolean("raised"), mid.toString());
    assertTrue(mid.getString("message").contains(endpoint), mid.toString());

    JsonObject unknown = out.getJsonObject("unknownModel");
    assertEquals("NotFoundError", unknown.getString("type"), unknown.toString());
    assertEquals(404, unknown.getInt("status"));
    JsonObject badKey = out.getJsonObject("badKey");
    assertEquals("AuthenticationError", badKey.getString("type"), badKey.toString());
    assertEquals(401, badKey.getInt("status"));

    assertTrue(
        out.getJsonArray("models").toString().contains("\"medium\""),
        out.getJsonArray("models").toString());
  }

  private static JsonObject run(String endpoint) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("node", SCRIPT.toString());
    pb.environment().put("OPENAI_BASE_URL", TestServer.HTTP + "/v1");
    pb.environment()
        .put("OPENAI_API_KEY", TestServer.authorization().substring("Bearer ".length()));
    pb.environment().put("PB_ENDPOINT", endpoint);
    pb.redirectErrorStream(false);
    Path err = Files.createTempFile("openai-sdk-check", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    byte[] stdout = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the script ends");
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    Files.deleteIfExists(err);
    assertEquals(0, p.exitValue(), "node exited with " + p.exitValue() + ": " + stderr);
    return TestServer.json(new String(stdout, StandardCharsets.UTF_8));
  }
}
