package dev.skiff.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every spelling of a URL with credentials loses them; every other text stays as it is. */
class UrlCredentialsTest {
  @Test
  void removesUserAndPasswordInEverySpelling() {
    assertThat(UrlCredentials.strip("https://user:s3cret@host/x")).isEqualTo("https://host/x");
    assertThat(UrlCredentials.strip("HTTPS://user:s3cret@host/x")).isEqualTo("HTTPS://host/x");
    assertThat(UrlCredentials.strip("https://user:p@ss@w0rd@host:8443/x?y=1")).isEqualTo("https://host:8443/x?y=1");
    assertThat(UrlCredentials.strip("https://x-access-token:ghp_abc@github.com")).isEqualTo("https://github.com");
    assertThat(UrlCredentials.strip("s3+https://AKIA:secret@store/b")).isEqualTo("s3+https://store/b");
  }

  @Test
  void removesThemWhereAMessageQuotesTheUrl() {
    assertThat(UrlCredentials.strip("site 'https://me:hunter2@registry.example.org/lab' is not an address; and"
        + " ssh://git:pw@h/r failed")).isEqualTo("site 'https://registry.example.org/lab' is not an address; and"
        + " ssh://h/r failed");
  }

  @Test
  void leavesOtherTextAlone() {
    for (String text : new String[] {"https://host/path@v1", "git@github.com:org/registry.git", "lab/tool@sha256:ab",
        "mailto:me@example.org", "https://host/x?mail=a@b", "no url here"}) {
      assertThat(UrlCredentials.strip(text)).as(text).isEqualTo(text);
    }
  }
}
