package dev.skiff.storage.s3;

import dev.skiff.spi.BucketLocation;
import dev.skiff.spi.BucketNaming;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.PluginConfig;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PublicObjectUrl;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StorageFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/** {@code s3://BUCKET/PREFIX}: Amazon S3 and S3-compatible stores. */
public final class S3StorageFactory implements StorageFactory {
  // A stalled connection is given up and retried long before the whole operation's deadline.
  private static final Duration MAX_ATTEMPT_TIMEOUT = Duration.ofMinutes(5);
  /**
   * One event loop group for every S3 client of the process, never shut down: closing a client
   * then returns at once, instead of waiting out Netty's two-second quiet period at the end of
   * every run. Its threads are daemons, so they never keep a process alive.
   */
  static final class EventLoops {
    static final SdkEventLoopGroup GROUP = SdkEventLoopGroup.builder().build();
  }

  // A server asking for a longer pause than this gets it on a later attempt, not in one wait.
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(1);

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public String description() {
    return "Amazon S3 or an S3-compatible store, s3://BUCKET/PREFIX";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return S3Settings.KEYS;
  }

  static BucketLocation location(URI uri) throws SkiffException {
    return BucketLocation.parse(uri, BucketNaming.S3);
  }

  @Override
  public Storage create(URI uri, PluginConfig config, PluginContext context) throws SkiffException {
    BucketLocation location = S3StorageFactory.location(uri);
    S3Settings settings = S3Settings.from(config);
    Region region = region(settings, context.environment());
    S3AsyncClient client = client(location, settings, region, context);
    S3TransferManager transfers = S3TransferManager.builder().s3Client(client).build();
    return new S3Storage(client, transfers, location, settings, publicBase(location, settings, region));
  }

  // BUCKET.s3[.REGION | -REGION].amazonaws.com/KEY and s3[.REGION | -REGION].amazonaws.com/BUCKET/KEY
  private static final Pattern VIRTUAL_HOST = Pattern.compile("(.+)\\.s3([.-][a-z0-9-]+)?\\.amazonaws\\.com");
  private static final Pattern PATH_STYLE_HOST = Pattern.compile("s3([.-][a-z0-9-]+)?\\.amazonaws\\.com");

  @Override
  public Optional<URI> storeOf(URI url) {
    return PublicObjectUrl.of(url).flatMap(object -> {
      Matcher virtual = VIRTUAL_HOST.matcher(object.host());
      if (virtual.matches() && !PATH_STYLE_HOST.matcher(object.host()).matches()) {
        return Optional.of(URI.create("s3://" + virtual.group(1) + object.path()));
      }
      return PATH_STYLE_HOST.matcher(object.host()).matches() ? Optional.of(URI.create("s3:/" + object.path()))
          : Optional.empty();
    });
  }

  @Override
  public S3StaticFiles createStaticFiles(URI uri, PluginConfig config, PluginContext context) throws SkiffException {
    BucketLocation location = S3StorageFactory.location(uri);
    S3Settings settings = S3Settings.from(config);
    return new S3StaticFiles(client(location, settings, region(settings, context.environment()), context), location,
        settings);
  }

  /** A client for the bucket, with the run's credentials, retries and timeouts; the bucket checked to be there. */
  private static S3AsyncClient client(BucketLocation location, S3Settings settings, Region region,
      PluginContext context) throws SkiffException {
    AwsCredentialsProvider credentials = S3Credentials.provider(context.environment());
    Duration attemptTimeout = settings.timeout().compareTo(MAX_ATTEMPT_TIMEOUT) < 0 ? settings.timeout()
        : MAX_ATTEMPT_TIMEOUT;
    S3AsyncClientBuilder builder = S3AsyncClient.builder()
        .region(region)
        .credentialsProvider(credentials)
        .forcePathStyle(settings.pathStyle())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().eventLoopGroup(EventLoops.GROUP))
        .multipartEnabled(true)
        .multipartConfiguration(MultipartConfiguration.builder()
            .thresholdInBytes(settings.partSize())
            .minimumPartSizeInBytes(settings.partSize())
            // Up to eight parts in flight, as the AWS command line sends ten of 8 MiB.
            .apiCallBufferSizeInBytes(8 * settings.partSize())
            .build())
        .overrideConfiguration(o -> o
            .addExecutionInterceptor(new ExplicitChecksumInterceptor())
            .apiCallAttemptTimeout(attemptTimeout)
            .retryStrategy(new RetryAfterStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.attempts()).build(), MAX_RETRY_AFTER)));
    settings.endpoint().ifPresent(builder::endpointOverride);
    S3AsyncClient client;
    try {
      credentials.resolveCredentials();
      client = builder.build();
    } catch (SdkException e) {
      throw S3Errors.translate(e, location, location.toString(), "reading the credentials");
    }
    checkBucket(client, location, settings);
    return client;
  }

  /**
   * Fails now, before anything is built, when the bucket does not exist or cannot be reached.
   * Credentials that may write objects but not list the bucket get a 403 here, which is fine.
   */
  private static void checkBucket(S3AsyncClient client, BucketLocation location, S3Settings settings)
      throws SkiffException {
    try {
      client.headBucket(b -> b.bucket(location.bucket())).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!S3Errors.isStatus(e, 403)) {
        client.close();
        throw S3Errors.translate(e, location, location.toString(), "opening the bucket");
      }
    } catch (TimeoutException e) {
      client.close();
      throw new SkiffException("storage " + location + ": the endpoint did not answer within " + settings.timeout(), e);
    } catch (InterruptedException e) {
      client.close();
      Thread.currentThread().interrupt();
      throw new SkiffException("storage " + location + ": interrupted", e);
    }
  }

  /**
   * The bucket's region, as the AWS tools find it, from the run's environment: the setting, else
   * {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else the region of the profile
   * ({@code AWS_PROFILE}, else {@code default}) in {@code AWS_CONFIG_FILE} or {@code ~/.aws/config};
   * us-east-1 for S3-compatible stores given by their endpoint.
   */
  static Region region(S3Settings settings, Map<String, String> env) throws SkiffException {
    String name = settings.region()
        .or(() -> present(env.get("AWS_REGION")))
        .or(() -> present(env.get("AWS_DEFAULT_REGION")))
        .or(() -> profileRegion(env))
        .orElse(settings.endpoint().isPresent() ? "us-east-1" : null);
    if (name == null) {
      throw new SkiffException("storage s3: no region: set storage.s3.region, AWS_REGION, or a region in the AWS"
          + " profile");
    }
    return Region.of(name);
  }

  private static Optional<String> profileRegion(Map<String, String> env) {
    Path config = present(env.get("AWS_CONFIG_FILE")).map(Path::of)
        .or(() -> present(env.get("HOME")).map(home -> Path.of(home, ".aws", "config")))
        .orElse(null);
    if (config == null || !Files.isRegularFile(config)) {
      return Optional.empty();
    }
    String profile = present(env.get("AWS_PROFILE")).orElse("default");
    return ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build().profile(profile)
        .flatMap(p -> p.property(ProfileProperty.REGION));
  }

  private static Optional<String> present(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }


  /** Where consumers download blobs: the configured base, the endpoint's path-style URL, or the bucket's. */
  static URI publicBase(BucketLocation location, S3Settings settings, Region region) {
    if (settings.baseUrl().isPresent()) {
      return settings.baseUrl().get();
    }
    if (settings.endpoint().isPresent()) {
      return settings.endpoint().get().resolve(location.bucket() + "/");
    }
    String host = "s3." + region.id() + ".amazonaws.com";
    return settings.pathStyle() ? URI.create("https://" + host + "/" + location.bucket() + "/")
        : URI.create("https://" + location.bucket() + "." + host + "/");
  }
}
