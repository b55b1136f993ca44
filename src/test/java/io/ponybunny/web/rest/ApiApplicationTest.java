package io.ponybunny.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ApiApplicationTest {

  /** The API lists its classes explicitly: a resource or provider left out is silently absent. */
  @Test
  void everyResourceAndProviderOfThePackageIsListed() throws Exception {
    Set<String> annotated = new TreeSet<>();
    for (Class<?> c : classesOfThisPackage()) {
      if (c.isAnnotationPresent(Path.class) || c.isAnnotationPresent(Provider.class)) {
        annotated.add(c.getName());
      }
    }
    Set<String> listed = new TreeSet<>();
    new ApiApplication().getClasses().forEach(c -> listed.add(c.getName()));
    assertEquals(annotated, listed);
  }

  private static Set<Class<?>> classesOfThisPackage()
      throws IOException, URISyntaxException, ClassNotFoundException {
    java.nio.file.Path dir =
        java.nio.file.Path.of(ApiApplication.class.getResource("ApiApplication.class").toURI())
            .getParent();
    Set<Class<?>> out = new java.util.HashSet<>();
    try (Stream<java.nio.file.Path> files = Files.list(dir)) {
      for (java.nio.file.Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".class") && !name.equals("package-info.class")) {
          out.add(
              Class.forName(
                  ApiApplication.class.getPackageName()
                      + "."
                      + name.substring(0, name.length() - ".class".length())));
        }
      }
    }
    return out;
  }
}
