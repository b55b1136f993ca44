package io.ponybunny.web.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BodyLimitFilterTest {

  /** A request with this body and Content-Length header (null: chunked). */
  private static ContainerRequestContext request(
      byte[] body,
      String length,
      AtomicReference<Response> aborted,
      AtomicReference<InputStream> entity) {
    entity.set(new ByteArrayInputStream(body));
    return (ContainerRequestContext)
        Proxy.newProxyInstance(
            ContainerRequestContext.class.getClassLoader(),
            new Class<?>[] {ContainerRequestContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getHeaderString" -> length;
                  case "hasEntity" -> body.length > 0;
                  case "getEntityStream" -> entity.get();
                  case "setEntityStream" -> {
                    entity.set((InputStream) args[0]);
                    yield null;
                  }
                  case "abortWith" -> {
                    aborted.set((Response) args[0]);
                    yield null;
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @ParameterizedTest(name = "{0} bytes, Content-Length {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "1024, 1024, false",
        "1024, none, false",
        "1025, 1025, true",
        "1025, none, true",
        "10, 5000, true",
        "2000, 10, true",
      })
  void bodiesOverTheLimitAre413(int size, String length, boolean refused) throws IOException {
    byte[] body = new byte[size];
    AtomicReference<Response> aborted = new AtomicReference<>();
    AtomicReference<InputStream> entity = new AtomicReference<>();
    BodyLimitFilter.enforce(request(body, length, aborted, entity), 1024, "1 KiB");
    if (refused) {
      assertEquals(413, aborted.get().getStatus());
    } else {
      assertNull(aborted.get());
      assertArrayEquals(body, entity.get().readAllBytes());
    }
  }

  @BodyLimit
  void plain() {}

  @BodyLimit(completions = true)
  void completions() {}

  private static ResourceInfo resource(String method) {
    return (ResourceInfo)
        Proxy.newProxyInstance(
            ResourceInfo.class.getClassLoader(),
            new Class<?>[] {ResourceInfo.class},
            (proxy, m, args) -> {
              if (m.getName().equals("getResourceMethod")) {
                return BodyLimitFilterTest.class.getDeclaredMethod(method);
              }
              throw new UnsupportedOperationException(m.getName());
            });
  }

  @ParameterizedTest(name = "{0}: {1} bytes")
  @CsvSource({"plain, 2000, false", "completions, 2000, true", "completions, 1000, false"})
  void theMethodsAnnotationChoosesTheLimit(String method, int size, boolean refused)
      throws IOException {
    BodyLimitFilter filter = new BodyLimitFilter(1024); // completions: 1 KiB; plain: 64 KiB
    filter.resource = resource(method);
    AtomicReference<Response> aborted = new AtomicReference<>();
    filter.filter(request(new byte[size], null, aborted, new AtomicReference<>()));
    assertEquals(refused, aborted.get() != null);
  }
}
