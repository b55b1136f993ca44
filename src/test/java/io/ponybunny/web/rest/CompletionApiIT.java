package io.ponybunny.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.TestServer;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The REST contract of {@code /api/completions}, health and OpenAPI on the running server. */
class CompletionApiIT {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing messages | {\"model\":\"sim/sim-default\"} | messages is required",
        "empty messages | {\"messages\":[]} | non-empty array",
        "bad role | {\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]} | role",
        "unknown model | {\"model\":\"nowhere/x\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | unknown model",
        "bare model | {\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | unknown model",
        "malformed JSON | {\"messages\": [ | Malformed",
        "not an object | [1,2] | must be a JSON object",
        "bad goal id | {\"goalId\":\"a b\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | goalId",
        "bad stream flag | {\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | stream",
        "hostile gemini model | {\"model\":\"sim-gemini/a?key=x\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | model name",
        "gemini path traversal | {\"model\":\"sim-gemini/..%2F..%2Fv1beta%2Ffiles\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | model name",
        "maxTokens over the cap | {\"maxTokens\":32769,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | maxTokens",
        "timeout under the floor | {\"firstTokenTimeoutMs\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | firstTokenTimeoutMs",
      })
  void badRequestsAnswer400WithProblemJson(String name, String body, String detailPart) {
    HttpResponse<String> response = TestServer.postJson("/api/completions", body);
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(
        response
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/problem+json"));
    JsonObject problem = TestServer.json(response.body());
    assertEquals(400, problem.getInt("status"));
    assertTrue(problem.getString("detail").contains(detailPart), problem.getString("detail"));
    assertTrue(!response.body().contains("Exception") && !response.body().contains("\tat "));
  }

  @Test
  void aBodyOverTheCompletionLimitIs413() {
    String big = "x".repeat(2 * 1024 * 1024 + 1);
    HttpResponse<String> response =
        TestServer.postJson(
            "/api/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}");
    assertEquals(413, response.statusCode(), response.body());
    assertEquals(413, TestServer.json(response.body()).getInt("status"));
  }

  @Test
  void nonStreamingCompletionReturnsTextAndUsage() {
    HttpResponse<String> response =
        TestServer.postJson(
            "/api/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
    assertEquals(200, response.statusCode(), response.body());
    JsonObject r = TestServer.json(response.body());
    assertTrue(!r.getString("content").isBlank());
    assertEquals("stop", r.getString("finishReason"));
    assertTrue(r.getInt("inputTokens") > 0 && r.getInt("outputTokens") > 0);
  }

  @Test
  void healthIsReadyAndOpenApiListsCompletions() {
    HttpResponse<String> ready = TestServer.get("/health/ready");
    assertEquals(200, ready.statusCode());
    assertEquals("UP", TestServer.json(ready.body()).getString("status"));
    HttpResponse<String> openapi = TestServer.get("/api/openapi");
    assertEquals(200, openapi.statusCode());
    assertTrue(openapi.body().contains("/api/completions"), "OpenAPI lists /api/completions");
  }

  @Test
  void unknownApiPathIs404ProblemAndConsoleDeepLinkServesIndex() {
    HttpResponse<String> missing = TestServer.get("/api/does-not-exist");
    assertEquals(404, missing.statusCode());
    assertEquals(404, TestServer.json(missing.body()).getInt("status"));

    HttpResponse<String> root = TestServer.get("/");
    assertEquals(200, root.statusCode());
    assertTrue(root.body().contains("<div id=\"root\">"), "the console is served at /");
    HttpResponse<String> deepLink = TestServer.get("/streams");
    assertEquals(200, deepLink.statusCode());
    assertEquals(root.body(), deepLink.body(), "deep links get the console's index.html");
  }
}
