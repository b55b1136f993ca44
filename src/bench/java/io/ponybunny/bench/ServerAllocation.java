package io.ponybunny.bench;

import com.sun.tools.attach.VirtualMachine;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The heap bytes the bench server's JVM has allocated since it started, all threads together
 * (terminated ones included): {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes},
 * read over the JVM's local management agent, which the attach API starts. Unlike CPU time, what a
 * chunk allocates does not move with the load of the shared cores, and it drives the collector's
 * work (a third of a chunk's CPU, ADR 0008): B6 reports it beside CPU time.
 */
final class ServerAllocation implements AutoCloseable {

  private static final String THREADING = "java.lang:type=Threading";

  private final JMXConnector connector;
  private final MBeanServerConnection server;

  private ServerAllocation(JMXConnector connector) throws Exception {
    this.connector = connector;
    this.server = connector.getMBeanServerConnection();
  }

  /** Attaches to the JVM {@code pid}, or null (with the reason printed) when it cannot. */
  static ServerAllocation attach(long pid) {
    try {
      VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
      String address;
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
      return new ServerAllocation(JMXConnectorFactory.connect(new JMXServiceURL(address)));
    } catch (Exception | LinkageError e) {
      System.out.println("server allocation not measured: " + e);
      return null;
    }
  }

  /** Bytes allocated so far. */
  long bytes() throws Exception {
    return (Long) server.getAttribute(new ObjectName(THREADING), "TotalThreadAllocatedBytes");
  }

  @Override
  public void close() throws Exception {
    connector.close();
  }
}
