package dev.skiff.storage.s3;

import dev.skiff.spi.SkiffException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;

/**
 * The SDK's default credential sources, in its order, read from the run's environment: access
 * keys, a web identity token (CI OIDC roles), a profile, container credentials, the instance
 * profile. Never a flag. Sources that the environment does not point at are left out, so that a
 * machine without credentials fails at once instead of probing the network.
 */
final class S3Credentials {
  private S3Credentials() {}

  static AwsCredentialsProvider provider(Map<String, String> env) throws SkiffException {
    String keyId = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (present(keyId) && present(secret)) {
      String token = env.get("AWS_SESSION_TOKEN");
      return StaticCredentialsProvider.create(present(token)
          ? AwsSessionCredentials.create(keyId, secret, token) : AwsBasicCredentials.create(keyId, secret));
    }
    List<AwsCredentialsProvider> chain = new ArrayList<>();
    if (present(env.get("AWS_WEB_IDENTITY_TOKEN_FILE")) && present(env.get("AWS_ROLE_ARN"))) {
      chain.add(WebIdentityTokenFileCredentialsProvider.create());
    }
    if (present(env.get("AWS_PROFILE")) || profileFileExists(env)) {
      chain.add(present(env.get("AWS_PROFILE")) ? ProfileCredentialsProvider.create(env.get("AWS_PROFILE"))
          : ProfileCredentialsProvider.create());
    }
    if (present(env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) || present(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))) {
      chain.add(ContainerCredentialsProvider.create());
    }
    if (!"true".equalsIgnoreCase(env.get("AWS_EC2_METADATA_DISABLED"))) {
      chain.add(InstanceProfileCredentialsProvider.create());
    }
    if (chain.isEmpty()) {
      // Only when AWS_EC2_METADATA_DISABLED rules out the instance profile too.
      throw new SkiffException("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE,"
          + " or a web identity role (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE, as CI OIDC sets them)");
    }
    return AwsCredentialsProviderChain.builder().credentialsProviders(chain).reuseLastProviderEnabled(true).build();
  }

  private static boolean profileFileExists(Map<String, String> env) {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    Path credentials = Path.of(env.getOrDefault("AWS_SHARED_CREDENTIALS_FILE", home + "/.aws/credentials"));
    Path config = Path.of(env.getOrDefault("AWS_CONFIG_FILE", home + "/.aws/config"));
    return Files.isRegularFile(credentials) || Files.isRegularFile(config);
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
