package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ponybunny.testing.LibertyServer;
import io.ponybunny.testing.TestServer;
import io.ponybunny.testing.WsClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/**
 * Stopping the application closes its stream sockets with 1001 "server stopping", so consoles
 * reconnect (with a snapshot: the epoch changes) instead of seeing an abnormal closure. The test
 * restarts the application through Liberty's application MBean (local JMX connector, as Arquillian
 * uses it).
 */
class AppStopIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** How long a stopped application gets to start again before the server is restarted. */
  private static final Duration START_WAIT = Duration.ofSeconds(35);

  /** How long STOPPED must hold before the start: Liberty's wedge comes ~0.2 s after STOPPED. */
  private static final Duration SETTLE = Duration.ofSeconds(2);

  @Test
  void stoppingTheApplicationClosesStreamSocketsWith1001() throws Exception {
    WsClient goal = WsClient.open("/ws/goals/app-stop");
    WsClient all = WsClient.open("/ws/streams");
    String epoch = goal.frames().get(0).getString("epoch");
    boolean started;
    try (JMXConnector jmx = JMXConnectorFactory.connect(localConnector())) {
      MBeanServerConnection server = jmx.getMBeanServerConnection();
      ObjectName app =
          new ObjectName(
              "WebSphere:service=com.ibm.websphere.application.ApplicationMBean,name=ponybunny");
      server.invoke(app, "stop", null, null);
      for (WsClient watcher : List.of(goal, all)) {
        assertEquals(
            1001,
            watcher.awaitClose(WAIT),
            () -> "stopping closes with 1001: " + watcher.closeReason());
        assertEquals("server stopping", watcher.closeReason());
      }
      started = startAgain(server, app);
    } finally {
      goal.close();
      all.close();
    }
    if (!started) {
      LibertyServer.run("stop");
      LibertyServer.run("start");
    }
    awaitUp();
    try (WsClient again = WsClient.open("/ws/goals/app-stop")) {
      assertNotEquals(epoch, again.frames().get(0).getString("epoch"), "a new epoch");
    }
  }

  /**
   * Starts the application once Liberty's state machine has held STOPPED for {@link #SETTLE},
   * repeating a start it drops; false if it is not STARTED after {@link #START_WAIT}. Liberty
   * 26.0.0.5 sometimes fails its own stop a moment after reporting STOPPED (FFDC
   * "interruptibleFailure"), and then ignores every start or stays STARTING: only a server restart
   * brings the application back.
   */
  private static boolean startAgain(MBeanServerConnection server, ObjectName app) throws Exception {
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    long stoppedSince = 0;
    long nextStart = 0;
    while (true) {
      String state = String.valueOf(server.getAttribute(app, "State"));
      if ("STARTED".equals(state)) {
        return true;
      }
      long now = System.nanoTime();
      stoppedSince = "STOPPED".equals(state) ? (stoppedSince == 0 ? now : stoppedSince) : 0;
      if (stoppedSince != 0 && now - stoppedSince >= SETTLE.toNanos() && now >= nextStart) {
        server.invoke(app, "start", null, null);
        nextStart = now + Duration.ofSeconds(15).toNanos();
      }
      if (now > deadline) {
        return false; // wedged STOPPED or STARTING
      }
      Thread.sleep(100); // polling the application's state: there is nothing to wait on
    }
  }

  private static JMXServiceURL localConnector() throws Exception {
    Path address = TestServer.SERVER_DIR.resolve("logs/state/com.ibm.ws.jmx.local.address");
    return new JMXServiceURL(Files.readString(address).trim());
  }

  private static void awaitUp() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        HttpResponse<String> r = TestServer.get("/api/goals?size=1");
        if (r.statusCode() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // restarting
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the application did not come back");
      }
      Thread.sleep(100); // polling a restart: there is nothing to wait on
    }
  }
}
