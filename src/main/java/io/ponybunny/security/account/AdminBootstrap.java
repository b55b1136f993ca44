package io.ponybunny.security.account;

import io.ponybunny.security.Role;
import io.ponybunny.security.Secrets;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first start: when no admin can sign in, the account {@code admin} is created and a one-time
 * sign-in link is printed to the console and written to {@code first-start-login.txt} in the
 * server's output directory (the quick start stays two commands). With {@code
 * PONYBUNNY_ADMIN_PASSWORD} set, {@code admin} gets that password instead and no link is made.
 */
@ApplicationScoped
public class AdminBootstrap {

  /** The bootstrap admin's name. */
  public static final String ADMIN = "admin";

  /** Where the link is written, in the server's output directory. */
  public static final String LINK_FILE = "first-start-login.txt";

  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

  @Inject AccountStore store;
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

  private volatile String tokenHash;

  // After the schema migrations (AgentStartup observes with the default priority).
  void start(
      @Observes
          @Priority(Interceptor.Priority.APPLICATION + 600)
          @Initialized(ApplicationScoped.class)
          Object ignored) {
    Optional<String> password = adminPassword.filter(p -> !p.isBlank());
    if (password.isPresent()) {
      String problem = Accounts.passwordProblem(password.get());
      if (problem != null) {
        LOG.severe("PONYBUNNY_ADMIN_PASSWORD is not used: it " + problem);
      } else if (store.find(ADMIN).isEmpty()) {
        accounts.create(ADMIN, password.get(), Role.ADMIN);
        LOG.info("Created the account 'admin' with the password from PONYBUNNY_ADMIN_PASSWORD");
        return;
      } else if (!store.find(ADMIN).get().hasPassword()) {
        accounts.setPassword(ADMIN, password.get());
        return;
      }
    }
    if (store.usableAdminExists()) {
      return;
    }
    if (store.find(ADMIN).isEmpty()) {
      accounts.create(ADMIN, null, Role.ADMIN);
    }
    String token = Secrets.random(32);
    tokenHash = Secrets.sha256(token);
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

  /** Consumes the one-time token: true once for the right token, then never again. */
  public synchronized boolean consume(String token) {
    String expected = tokenHash;
    if (expected == null
        || token == null
        || token.length() > 100
        || !Secrets.constantTimeEquals(expected, Secrets.sha256(token))) {
      return false;
    }
    tokenHash = null;
    return true;
  }

  /** Forgets the link once an admin chose a password. */
  public void passwordSet() {
    tokenHash = null;
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
