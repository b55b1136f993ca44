package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ponybunny.testing.LocalJmx;
import io.ponybunny.testing.WsRecorder;
import java.time.Duration;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;

/**
 * Stopping the application closes its stream sockets with 1001 "server stopping", so consoles
 * reconnect (with a snapshot: the epoch changes) instead of seeing an abnormal closure. The test
 * restarts the application through Liberty's application MBean (local JMX connector, as Arquillian
 * uses it).
 */
class AppStopIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void stoppingTheApplicationClosesStreamSocketsWith1001() throws Exception {
    WsRecorder goal = WsRecorder.open("/ws/goals/app-stop");
    WsRecorder all = WsRecorder.open("/ws/streams");
    String epoch = goal.frames().get(0).getString("epoch");
    try (JMXConnector jmx = LocalJmx.connect()) {
      MBeanServerConnection server = jmx.getMBeanServerConnection();
      server.invoke(LocalJmx.application(), "stop", null, null);
      for (WsRecorder watcher : List.of(goal, all)) {
        assertEquals(1001, watcher.awaitClose(WAIT), "stopping closes with 1001");
        assertEquals("server stopping", watcher.closeReason());
      }
      LocalJmx.startAgain(server);
    } finally {
      goal.close();
      all.close();
    }
    try (WsRecorder again = WsRecorder.open("/ws/goals/app-stop")) {
      assertNotEquals(epoch, again.frames().get(0).getString("epoch"), "a new epoch");
    }
  }
}
