package io.ponybunny.testing;

import io.ponybunny.event.ChannelEvent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A CDI {@link Event} of channel events for unit tests, with one asynchronous observer: {@code
 * fireAsync(event, options)} notifies it on the options' executor, as the container does, and
 * completes with the event (exceptionally when the observer throws).
 */
public final class ObservedEvents {

  private ObservedEvents() {}

  @SuppressWarnings("unchecked")
  public static Event<ChannelEvent> of(Consumer<ChannelEvent> observer) {
    return (Event<ChannelEvent>)
        Proxy.newProxyInstance(
            ObservedEvents.class.getClassLoader(),
            new Class<?>[] {Event.class},
            (proxy, method, args) -> {
              if (method.getName().equals("fireAsync")) {
                ChannelEvent event = (ChannelEvent) args[0];
                Executor executor =
                    args.length > 1 && ((NotificationOptions) args[1]).getExecutor() != null
                        ? ((NotificationOptions) args[1]).getExecutor()
                        : Runnable::run;
                return CompletableFuture.supplyAsync(
                    () -> {
                      observer.accept(event);
                      return event;
                    },
                    executor);
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
