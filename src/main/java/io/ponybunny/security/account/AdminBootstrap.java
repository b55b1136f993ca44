package io.ponybunny.security.account;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first start: when no admin can sign in, the account {@code admin} is created and a one-time
 * sign-in link is printed to the console and written to {@code first-start-login.txt} in the
 * server's output directory (the quick start stays two commands). With {@code
 * PONYBUNNY_ADMIN_PASSWORD} set, {@code admin} gets that password instead and no link is made.
 *
 * <p>In a cluster (several instances on one database, no sticky sessions) the decisions are made on
 * the database ({@link FirstStart}): instances starting together create exactly one {@code admin}
 * and none of them fails. Each instance that starts while no admin can sign in prints a link of its
 * own, and every printed link works on whichever instance the load balancer picks (its token's hash
 * is in the database, {@link FirstStartLinks}): the operator may follow the link in any instance's
 * console. A link works once, and using one ends all the others; an admin choosing a password ends
 * them all; an instance that stops takes its own link back, and one that starts while an admin can
 * sign in ends any left over (so, on a single node, a restart still prints a new link and the old
 * one stops working).
 */
@ApplicationScoped
public class AdminBootstrap {

  /** The bootstrap admin's name. */
  public static final String ADMIN = "admin";

  /** Where the link is written, in the server's output directory. */
  public static final String LINK_FILE = "first-start-login.txt";

  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

  @Inject FirstStart firstStart;
  @Inject FirstStartLinks links;
  @Inject Accounts accounts;

  @Inject
  @ConfigProperty(name = "ponybunny.admin.password")
  Optional<String> adminPassword;

  @Inject
  @ConfigProperty(name = "ponybunny.public-url", defaultValue = "http://localhost:9080")
  String publicUrl;

  @Inject
  @ConfigProperty(name = "server.output.dir")
  Optional<String> outputDir;

  /** The token of the link this instance printed (taken back when it stops), or null. */
  private volatile String printedToken;

  // After the schema migrations (AgentStartup observes with the default priority).
  void start(
      @Observes
          @Priority(Interceptor.Priority.APPLICATION + 600)
          @Initialized(ApplicationScoped.class)
          Object ignored) {
    Optional<String> password = adminPassword.filter(p -> !p.isBlank());
    Supplier<String> passwordHash = null;
    if (password.isPresent()) {
      String problem = Accounts.passwordProblem(password.get());
      if (problem != null) {
        LOG.severe("PONYBUNNY_ADMIN_PASSWORD is not used: it " + problem);
      } else {
        passwordHash = () -> accounts.passwordHash(password.get());
      }
    }
    FirstStart.Outcome outcome = firstStart.run(passwordHash, System.currentTimeMillis());
    if (outcome instanceof FirstStart.Outcome.CreatedWithPassword) {
      LOG.info("Created the account 'admin' with the password from PONYBUNNY_ADMIN_PASSWORD");
    }
    if (!(outcome instanceof FirstStart.Outcome.LinkIssued issued)) {
      return;
    }
    String token = issued.token();
    printedToken = token;
    String link = publicUrl.replaceAll("/+$", "") + "/api/auth/first-start?token=" + token;
    Path file = outputDir.map(d -> Path.of(d, LINK_FILE)).orElse(Path.of(LINK_FILE));
    writeLink(file, link);
    // Printed to the console on purpose (once, never through the log): the only way in on a
    // fresh installation. It works once and only until an admin has a password.
    System.out.println(
        "\nPonyBunny first start: no admin can sign in yet. Open this one-time link to sign in as"
            + " 'admin' and choose a password:\n\n    "
            + link
            + "\n\n(also in "
            + file
            + ")\n");
  }

  /** Takes back this instance's link when it stops; the links of other instances keep working. */
  void stop(
      @Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class)
          Object ignored) {
    String token = printedToken;
    if (token == null) {
      return;
    }
    printedToken = null;
    try {
      links.withdraw(token);
    } catch (IllegalStateException e) {
      LOG.log(Level.WARNING, "could not take back this instance's first-start link", e);
    }
  }

  /**
   * Consumes a one-time token: true once for the token of a link printed by any instance, then
   * never again (and no other link works after).
   */
  public boolean consume(String token) {
    try {
      return links.consume(token);
    } catch (IllegalStateException e) {
      LOG.log(Level.WARNING, "could not check a first-start link", e);
      return false;
    }
  }

  /** Ends every first-start link once an admin chose a password. */
  public void passwordSet() {
    printedToken = null;
    try {
      links.clear();
    } catch (IllegalStateException e) {
      LOG.log(
          Level.WARNING,
          "could not end the first-start links; the next start ends them (an admin can sign in)",
          e);
    }
  }

  private static void writeLink(Path file, String link) {
    try {
      Files.deleteIfExists(file);
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(file, link + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not write the first-start link to " + file, e);
    }
  }
}
