package io.ponybunny.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jaxrs.RESTClient;
import org.microshed.testing.jupiter.MicroShedTest;

/**
 * MicroShed Testing against the server the build started (manual environment, no Docker): a typed
 * JAX-RS client injected by MicroShed calls {@code /api/completions}.
 */
@MicroShedTest
public class CompletionMicroShedIT {

  /** The slice of the API this test uses. */
  // The ITs run against the client jar, where MicroShed finds no @ApplicationPath to prefix.
  @Path("/api/completions")
  public interface CompletionsApi {
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Result complete(Body body);
  }

  /** Request body. */
  public static class Body {
    public String model;
    public List<Message> messages;
    public boolean stream;
  }

  /** One message. */
  public static class Message {
    public String role;
    public String content;

    public Message() {}

    Message(String role, String content) {
      this.role = role;
      this.content = content;
    }
  }

  /** Response body (unknown fields are ignored). */
  public static class Result {
    public String requestId;
    public String content;
    public String finishReason;
    public int tokensUsed;
  }

  @RESTClient public static CompletionsApi completions;

  /** The injected client authenticates with the ITs' API key (CXF proxies are {@code Client}s). */
  @org.junit.jupiter.api.BeforeAll
  static void authenticate() {
    ((org.apache.cxf.jaxrs.client.Client) completions)
        .header("Authorization", io.ponybunny.testing.TestServer.authorization());
  }

  @Test
  void streamedCompletionThroughTypedClient() {
    Body body = new Body();
    body.messages = List.of(new Message("user", "What is PonyBunny?"));
    body.stream = true;
    Result r = completions.complete(body);
    assertFalse(r.content.isBlank());
    assertEquals("stop", r.finishReason);
    assertFalse(r.requestId.isBlank());
  }

  @Test
  void unknownModelIsABadRequest() {
    Body body = new Body();
    body.model = "nowhere/model";
    body.messages = List.of(new Message("user", "hi"));
    assertThrows(BadRequestException.class, () -> completions.complete(body));
  }
}
