package io.ponybunny.llm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderHttpClientTest {

  /** Apache HttpClient's exception for a connection that ended before any answer: its name. */
  static final class NoHttpResponseException extends IOException {
    NoHttpResponseException() {
      super("localhost:19410 failed to respond");
    }
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("no answer", new NoHttpResponseException(), true),
        Arguments.of(
            "no answer, wrapped",
            new IOException("x", new ProcessingException(new NoHttpResponseException())),
            true),
        Arguments.of("reset", new SocketException("Connection reset"), true),
        Arguments.of("reset by peer", new SocketException("Connection reset by peer"), true),
        Arguments.of(
            "broken pipe", new ProcessingException(new SocketException("Broken pipe")), true),
        Arguments.of("refused", new ConnectException("Connection refused"), false),
        Arguments.of("read timeout", new SocketTimeoutException("Read timed out"), false),
        Arguments.of("other socket failure", new SocketException("Network is unreachable"), false),
        Arguments.of("no message", new SocketException(), false),
        Arguments.of("anything else", new IOException("boom"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void aRequestCountsAsUnansweredOnlyWhenItsKeptAliveConnectionWasClosed(
      String name, Throwable failure, boolean unanswered) {
    assertEquals(unanswered, ProviderHttpClient.unanswered(failure));
  }
}
