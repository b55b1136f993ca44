package io.ponybunny.broadcast.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The delivery thread's catch-up after a reconnection: one that could not finish is tried again
 * until one does (found by the cluster's Redis-outage IT: the subscription came back before the
 * commands connection, the catch-up failed with "Redis is not connected", and a mirror stayed
 * behind its channel with its sockets open).
 */
class DeliveryTest {

  @Test
  void aCatchUpThatCouldNotFinishIsTriedAgainUntilOneDoes() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    CountDownLatch third = new CountDownLatch(3);
    Delivery delivery =
        new Delivery(
            new RedisChannelLog.Listener() {
              @Override
              public void entry(String channel, RedisChannelLog.Entry entry) {
                calls.add("entry " + channel);
              }

              @Override
              public boolean reconnected() {
                calls.add("reconnected");
                third.countDown();
                return third.getCount() == 0; // fails twice, then catches up
              }
            },
            channel -> true,
            "delivery-test");
    delivery.start();
    try {
      delivery.reconnected();
      assertTrue(third.await(10, TimeUnit.SECONDS), "tried again: " + calls);
      delivery.entry("c", null);
      delivery.close(5000);
      assertEquals(List.of("reconnected", "reconnected", "reconnected", "entry c"), calls);
    } finally {
      delivery.close(5000);
    }
  }
}
