package io.ponybunny.testing;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The running Liberty server through its local JMX connector (as Arquillian uses it): the
 * application's MBean, to stop and start it.
 */
public final class LocalJmx {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private LocalJmx() {}

  /** Connects to the server of {@code ponybunny.wlp.home} (default {@code target/liberty/wlp}). */
  public static JMXConnector connect() throws Exception {
    Path home = Path.of(System.getProperty("ponybunny.wlp.home", "target/liberty/wlp"));
    Path address =
        home.resolve("usr/servers/defaultServer/logs/state/com.ibm.ws.jmx.local.address");
    return JMXConnectorFactory.connect(new JMXServiceURL(Files.readString(address).trim()));
  }

  /** The application's MBean. */
  public static ObjectName application() throws Exception {
    return new ObjectName(
        "WebSphere:service=com.ibm.websphere.application.ApplicationMBean,name=ponybunny");
  }

  /**
   * Starts the application once Liberty's state machine has settled on STOPPED, and waits until it
   * answers requests. A start invoked while it still finishes the stop is dropped (FFDC
   * "interruptibleFailure" on 26.0.0.5), so the start is repeated while it stays STOPPED.
   */
  public static void startAgain(MBeanServerConnection server) throws Exception {
    ObjectName app = application();
    long deadline = System.nanoTime() + WAIT.toNanos();
    long nextStart = 0;
    while (true) {
      String state = String.valueOf(server.getAttribute(app, "State"));
      if ("STARTED".equals(state)) {
        break;
      }
      if ("STOPPED".equals(state) && System.nanoTime() >= nextStart) {
        server.invoke(app, "start", null, null);
        nextStart = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the application stayed " + state);
      }
      Thread.sleep(100); // polling the application's state: there is nothing to wait on
    }
    awaitUp();
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
