package dev.skiff.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/** The bucket's region as the AWS tools find it, read from the run's environment, never the process's. */
class S3RegionTest {
  @TempDir
  Path home;

  static S3Settings settings(Map<String, String> values) throws Exception {
    return S3Settings.from(new TestConfig(S3Settings.KEYS, values, Map.of(), Path.of(".")));
  }

  Region region(Map<String, String> settings, Map<String, String> env) throws Exception {
    return S3StorageFactory.region(settings(settings), env);
  }

  @Test
  void theSettingThenTheEnvironmentThenTheProfile() throws Exception {
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/config"), "[default]\nregion = eu-west-3\n\n[profile lab]\nregion = ap-south-1\n");
    Map<String, String> withHome = Map.of("HOME", home.toString());
    assertThat(region(Map.of(S3Settings.REGION, "us-west-2"), Map.of("AWS_REGION", "eu-west-1"))).isEqualTo(Region.US_WEST_2);
    assertThat(region(Map.of(), Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "eu-north-1")))
        .isEqualTo(Region.EU_WEST_1);
    assertThat(region(Map.of(), Map.of("AWS_DEFAULT_REGION", "eu-north-1", "HOME", home.toString())))
        .isEqualTo(Region.EU_NORTH_1);
    assertThat(region(Map.of(), withHome)).isEqualTo(Region.EU_WEST_3);
    assertThat(region(Map.of(), Map.of("HOME", home.toString(), "AWS_PROFILE", "lab"))).isEqualTo(Region.AP_SOUTH_1);
    Path elsewhere = Files.writeString(home.resolve("other-config"), "[default]\nregion = sa-east-1\n");
    assertThat(region(Map.of(), Map.of("HOME", home.toString(), "AWS_CONFIG_FILE", elsewhere.toString())))
        .isEqualTo(Region.SA_EAST_1);
  }

  @Test
  void noRegionAnywhereIsOneLine() {
    assertThatThrownBy(() -> region(Map.of(), Map.of("HOME", home.toString())))
        .hasMessage("storage s3: no region: set storage.s3.region, AWS_REGION, or a region in the AWS profile");
  }
}
