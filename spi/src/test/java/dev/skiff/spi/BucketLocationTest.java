package dev.skiff.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BucketLocationTest {
  @Test
  void keysAndPathsAreEachOthersInverse() {
    BucketLocation prefixed = new BucketLocation("s3", "bucket", "images/v1");
    assertThat(prefixed.keyPrefix()).isEqualTo("images/v1/");
    assertThat(prefixed.pathOf(prefixed.key("lab/tool/x.sif"))).isEqualTo("lab/tool/x.sif");
    BucketLocation root = new BucketLocation("gs", "bucket", "");
    assertThat(root.keyPrefix()).isEmpty();
    assertThat(root.pathOf(root.key("lab/tool/x.sif"))).isEqualTo("lab/tool/x.sif");
    assertThatThrownBy(() -> prefixed.pathOf("other/x.sif")).hasMessage("key 'other/x.sif' is not under s3://bucket/images/v1");
  }
}
