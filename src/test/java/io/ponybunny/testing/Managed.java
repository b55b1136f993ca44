package io.ponybunny.testing;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.Proxy;
import java.util.concurrent.Executor;

/** Container-managed resources for unit tests, backed by plain Java ones. */
public final class Managed {

  private Managed() {}

  /** A managed executor that only executes, on {@code executor}. */
  public static ManagedExecutorService executor(Executor executor) {
    return (ManagedExecutorService)
        Proxy.newProxyInstance(
            Managed.class.getClassLoader(),
            new Class<?>[] {ManagedExecutorService.class},
            (proxy, method, args) -> {
              if (method.getName().equals("execute")) {
                executor.execute((Runnable) args[0]);
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
