package io.ponybunny.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's volume is where server.xml's default H2 URL puts the database, and the image
 * makes that directory (owned by the runtime user) before declaring it.
 */
class ContainerDataVolumeTest {

  private static final String SERVER_DIR = "/opt/wlp/usr/servers/ponybunny";

  @Test
  void theVolumeIsTheH2DataDirectoryAndBelongsToTheRuntimeUser() throws Exception {
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    String url = H2DurabilityTest.defaultUrl();
    Matcher file =
        Pattern.compile("^jdbc:h2:\\$\\{server\\.output\\.dir}(/[^;]+)/[^/;]+;").matcher(url);
    assertTrue(file.find(), url);
    String dataDir = SERVER_DIR + file.group(1);

    Matcher volume = Pattern.compile("(?m)^VOLUME (\\S+)$").matcher(dockerfile);
    assertTrue(volume.find(), "the Dockerfile declares a VOLUME");
    assertEquals(dataDir, volume.group(1));

    int mkdir = dockerfile.indexOf("mkdir -p " + dataDir);
    int chmod = dockerfile.indexOf("chmod -R g=u /opt/wlp");
    int copy = dockerfile.indexOf("COPY --from=unpack --chown=1001:0 /opt/wlp /opt/wlp");
    int user = dockerfile.indexOf("USER 1001");
    assertTrue(mkdir > 0 && mkdir < chmod && chmod < copy, "made, group-writable, then copied");
    assertTrue(copy < user && user < volume.start(), "owned by 1001 before it becomes a volume");
  }
}
