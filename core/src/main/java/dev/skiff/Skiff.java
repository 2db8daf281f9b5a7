package dev.skiff;

import com.google.inject.Guice;
import dev.skiff.events.EventListener;
import dev.skiff.events.SkiffEvent;
import dev.skiff.events.Step;
import dev.skiff.internal.config.ConfigLoader;
import dev.skiff.internal.config.CoreKeys;
import dev.skiff.internal.config.ProcessEnvironment;
import dev.skiff.internal.config.RunConfig;
import dev.skiff.internal.config.SettingSources;
import dev.skiff.internal.config.Settings;
import dev.skiff.internal.discovery.RecipeDiscovery;
import dev.skiff.internal.discovery.TagPattern;
import dev.skiff.internal.pipeline.Events;
import dev.skiff.internal.pipeline.Pipeline;
import dev.skiff.internal.pipeline.RunModule;
import dev.skiff.internal.plugin.PluginCall;
import dev.skiff.internal.plugin.PluginFolder;
import dev.skiff.internal.plugin.PluginLoader;
import dev.skiff.internal.plugin.PluginRole;
import dev.skiff.internal.plugin.PluginSet;
import dev.skiff.internal.plugin.Plugins;
import dev.skiff.internal.plugin.PluginsModule;
import dev.skiff.model.Digest;
import dev.skiff.model.Namespace;
import dev.skiff.report.PlannedBuild;
import dev.skiff.report.RunReport;
import dev.skiff.spi.BlobKey;
import dev.skiff.spi.BuildException;
import dev.skiff.spi.ConfigKey;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.SkiffPlugin;
import dev.skiff.spi.StaticFiles;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StorageException;
import dev.skiff.spi.StorageFactory;
import dev.skiff.support.IoMessages;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Skiff as a library: the same run as {@code skiff run}, configured in code.
 *
 * <pre>{@code
 * RunReport report = Skiff.source(Path.of("centos"))
 *     .namespace("myorg/centos")
 *     .storage("s3://myorg-containers/images")
 *     .registry("/srv/registry")
 *     .listener(event -> System.out.println(event))
 *     .plan()
 *     .run();
 * }</pre>
 *
 * Settings given here take precedence over {@code SKIFF_*} environment variables, which take
 * precedence over the source repository's {@code skiff.yml}; after {@link #codeSettingsOnly()} only
 * the settings given here count.
 *
 * <p>A {@code Skiff} is a builder: configure it on one thread, then call {@link #plan()} (or another
 * operation), which reads what was set at that moment. Operations may be called more than once; each
 * loads the plugins and reads the settings anew.
 */
public final class Skiff {
  private final Path source;
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final Map<String, String> secrets = new LinkedHashMap<>();
  private boolean codeSettingsOnly;
  private boolean givenAsFlags;
  private boolean pluginNoticesSent;
  private final List<EventListener> listeners = new ArrayList<>();
  private Map<String, String> environment = System.getenv();
  private ClassLoader classLoader = Skiff.class.getClassLoader();
  private Path pluginFolder;
  private Path workingDir = Path.of("").toAbsolutePath();

  private Skiff(Path source) {
    this.source = source.toAbsolutePath().normalize();
  }

  /** Starts a run over the recipes of a source repository's folder. */
  public static Skiff source(Path folder) {
    return new Skiff(Objects.requireNonNull(folder, "folder"));
  }

  /**
   * The images' namespace; default: from the CI environment, else the git remote {@code origin}.
   *
   * @param ownerSlashName {@code OWNER/NAME}
   * @return this Skiff
   */
  public Skiff namespace(String ownerSlashName) {
    return set(CoreKeys.NAMESPACE, ownerSlashName);
  }

  /**
   * The builder that turns recipes into images ({@link #catalog()} lists them); default: {@code singularity}.
   *
   * @param name the builder's name
   * @return this Skiff
   */
  public Skiff builder(String name) {
    return set(CoreKeys.BUILDER, name);
  }

  /**
   * Where images are stored: {@code file:DIR}, {@code s3://BUCKET/PREFIX}, {@code gs://BUCKET/PREFIX}.
   *
   * @param uri the store
   * @return this Skiff
   */
  public Skiff storage(String uri) {
    return set(CoreKeys.STORAGE, uri);
  }

  /**
   * The registry repository the manifests are published to; without it nothing is published.
   *
   * @param pathOrUrl a local clone, or the repository's URL for the publishers that push
   * @return this Skiff
   */
  public Skiff registry(String pathOrUrl) {
    return set(CoreKeys.REGISTRY, pathOrUrl);
  }

  /**
   * How the registry is updated; default: {@code branch} (a pull request).
   *
   * @param name the publisher's name
   * @return this Skiff
   */
  public Skiff publisher(String name) {
    return set(CoreKeys.PUBLISHER, name);
  }

  /** How many recipes build at once; default: the builder's (1 for local builders). */
  public Skiff jobs(int count) {
    return set(CoreKeys.JOBS, Integer.toString(count));
  }

  /**
   * Writes the run's JSON report to {@code file} when it ends ({@link Plan#run()}); without this (or
   * the setting {@code report}) no report file is written. The file is checked to be writable by
   * {@link #plan()}.
   */
  public Skiff report(Path file) {
    return set(CoreKeys.REPORT, file.toAbsolutePath().toString());
  }

  /**
   * Any setting, such as {@code builder.singularity.mode}; {@link #catalog()} lists them all. A
   * secret setting is refused here (by {@link #plan()}): give it with {@link #secret(String, String)}.
   */
  public Skiff set(String key, String value) {
    settings.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
    return this;
  }

  /**
   * A secret setting, such as {@code builder.remote.token}: used like any other, never shown
   * ({@link Plan#settings()} masks it) and never written to a log, message or report.
   */
  public Skiff secret(String key, String value) {
    secrets.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
    return this;
  }

  /**
   * Takes settings from this object alone: the source's {@code skiff.yml} and {@code SKIFF_*}
   * variables are not read, so a source repository cannot redirect the run (its storage, its
   * registry, a report file). The run writes only where the settings given here say, besides its
   * work folders under the temporary folder. The environment ({@link #environment(Map)}) is still
   * read for what is not a setting: the cloud SDKs' credentials and the CI system's facts (the
   * repository, which names the default namespace, and the commit); give an environment of your
   * own to control those too.
   */
  public Skiff codeSettingsOnly() {
    this.codeSettingsOnly = true;
    return this;
  }

  /**
   * For a front end that maps its command-line flags to settings, as {@code skiff} does: messages
   * and {@link Plan#settings()} then name a setting given here as the flag {@code --KEY} instead of
   * "the embedding program", and say "pass --KEY" where they tell how to set one.
   */
  public Skiff givenAsFlags() {
    this.givenAsFlags = true;
    return this;
  }

  /**
   * Receives the events of every operation of this Skiff (see {@link EventListener} for threads).
   *
   * @param listener the listener
   * @return this Skiff
   */
  public Skiff listener(EventListener listener) {
    listeners.add(Objects.requireNonNull(listener));
    return this;
  }

  /** The environment the run reads (credentials, CI variables); default: this process's. */
  public Skiff environment(Map<String, String> variables) {
    this.environment = Map.copyOf(variables);
    return this;
  }

  /** Where relative paths in settings given here start; default: the working directory. */
  public Skiff workingDirectory(Path folder) {
    this.workingDir = folder.toAbsolutePath().normalize();
    return this;
  }

  /** Where plugins are looked for; default: Skiff's own class loader. */
  public Skiff plugins(ClassLoader loader) {
    this.classLoader = Objects.requireNonNull(loader);
    return this;
  }

  /**
   * Also loads the plugins in a folder: each jar, or each subfolder of jars, is one plugin, in a
   * class loader of its own that sees only the JDK and skiff-spi. The folder must exist (a mistyped
   * path is an error, not an empty folder); a jar that holds no plugin, or a plugin that cannot be
   * loaded, is reported to the listeners as a {@link SkiffEvent.Notice} of {@link Step#PLUGINS},
   * and fails only the operations that need what it would provide.
   */
  public Skiff pluginFolder(Path folder) {
    this.pluginFolder = folder.toAbsolutePath().normalize();
    return this;
  }

  /**
   * Loads the plugins, reads and checks every setting, and resolves the namespace and source commit.
   *
   * @throws SkiffException for unusable settings, an unknown builder, publisher or storage scheme, or
   *     a namespace that cannot be told
   */
  public Plan plan() throws SkiffException {
    var injector = Guice.createInjector(new PluginsModule(loadPluginList()));
    Plugins plugins = injector.getInstance(Plugins.class);
    Settings merged = loadSettings(plugins);
    RunConfig config = RunConfig.resolve(source, merged, environment);
    // Fail on an unknown name now, before anything is built.
    plugins.builder(config.builder());
    plugins.storage(config.storage());
    if (config.registry().isPresent()) {
      plugins.publisher(config.publisher());
    }
    if (config.report().isPresent()) {
      checkWritable(config.report().get());
    }
    Pipeline pipeline = injector
        .createChildInjector(new RunModule(config, new Events(listeners), new ProcessEnvironment(environment)))
        .getInstance(Pipeline.class);
    return new Plan(config, pipeline);
  }

  /** A report that cannot be written is found before anything is built, not after publishing. */
  private static void checkWritable(Path report) throws SkiffException {
    try {
      if (Files.isDirectory(report)) {
        throw new IOException(report + " is a folder");
      }
      Path folder = Files.createDirectories(report.toAbsolutePath().getParent());
      Files.delete(Files.createTempFile(folder, ".skiff-report-", ".probe"));
    } catch (IOException e) {
      throw new ConfigurationException(CoreKeys.REPORT, "cannot write the report " + report + ": "
          + IoMessages.describe(e) + "; nothing was built", e);
    }
  }

  /**
   * The recipes of the source folder and the tags they map to, each parsed and checked, without
   * building anything: what {@code skiff discover} lists.
   *
   * @throws SkiffException for a broken or duplicate recipe, or a folder that cannot be read
   */
  public Discovery discover() throws SkiffException {
    try {
      TagPattern tags = hasSettings() ? TagPattern.parse(setting(CoreKeys.TAG_PATTERN), "settings")
          : TagPattern.FILE_NAME;
      return new RecipeDiscovery(source, Set.of(), tags).discover();
    } catch (IOException e) {
      throw new BuildException("cannot search " + source + " for recipes: " + IoMessages.describe(e), e);
    }
  }

  /**
   * Whether any settings are given: then they are read, and checked as a run checks them (a
   * misspelt key in skiff.yml is refused, not ignored for a misleading error later). Reading them
   * loads the plugins, whose keys make settings valid, which {@code skiff discover} need not pay
   * for when there are none.
   */
  private boolean hasSettings() {
    return !settings.isEmpty() || !codeSettingsOnly
        && (environment.keySet().stream().anyMatch(name -> name.startsWith("SKIFF_"))
            || Files.exists(source.resolve(ConfigLoader.FILE_NAME)));
  }

  /**
   * The settings, builders, storages and publishers of the plugins this Skiff would load
   * (see {@link #plugins(ClassLoader)}).
   *
   * @throws SkiffException when two plugins claim one name, or a plugin cannot be loaded
   */
  public PluginCatalog catalog() throws SkiffException {
    Plugins plugins = loadPlugins();
    return new PluginCatalog(settingKeys(plugins), plugins.builders(), plugins.storages(), plugins.publishers());
  }

  /**
   * Opens a folder of plain files in a store ({@code file:DIR}, {@code s3://BUCKET/PREFIX},
   * {@code gs://BUCKET/PREFIX}) through its storage plugin, for publishing a static site; the
   * store's settings and credentials are read as for a run. Close it when done.
   *
   * @throws SkiffException for an unknown scheme, a store that cannot hold a site, unusable settings
   *     or credentials, or a bucket that cannot be reached
   */
  public StaticFiles staticFiles(URI target) throws SkiffException {
    Plugins plugins = loadPlugins();
    StorageFactory factory = plugins.storage(target);
    Settings merged = loadSettings(plugins);
    Path workDir;
    try {
      workDir = Files.createTempDirectory("skiff-files-");
    } catch (IOException e) {
      throw new StorageException("cannot create a temporary folder: " + IoMessages.describe(e), e);
    }
    PluginContext context = new PluginContext(environment, source, workDir,
        new Events(listeners).log(Step.PUBLISH, target.toString()));
    try {
      return PluginCall.call(plugins.role(PluginRole.Kind.STORAGE, target.getScheme()), "opening " + target,
          () -> factory.createStaticFiles(target, merged, context));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("storage " + target + ": interrupted", e);
    } finally {
      workDir.toFile().delete();
    }
  }

  /**
   * One setting as a run would read it: given here, else its {@code SKIFF_*} variable, else the
   * source folder's {@code skiff.yml}, else its default.
   *
   * @throws SkiffException for an unknown key or a {@code skiff.yml} that does not parse
   */
  public Optional<String> setting(String key) throws SkiffException {
    Plugins plugins = loadPlugins();
    return loadSettings(plugins).get(key);
  }

  /**
   * Reads a blob from its store with the store's own access: {@code url} is a store's URI of the
   * blob ({@code s3://BUCKET/PREFIX/OWNER/NAME/HEX.sif}, {@code gs://...}, {@code file:...}), or the
   * public https URL of an object in a bucket, as a private registry's manifests record it. The store is opened with the settings and credentials a
   * run would use, and closed with the stream.
   *
   * @return the blob from {@code offset} on, or empty when no storage plugin serves the URL's scheme
   * @throws SkiffException when the URL is no blob's, or the store refuses or has no such blob
   */
  public Optional<InputStream> readBlob(URI url, Digest digest, long offset) throws SkiffException,
      InterruptedException {
    Plugins plugins = loadPlugins();
    if (url.getScheme() == null || !plugins.storages().containsKey(url.getScheme())) {
      // A bucket's public https URL: the storage whose bucket it is reads it with credentials.
      for (StorageFactory factory : plugins.storages().values()) {
        Optional<URI> store = factory.storeOf(url);
        if (store.isPresent()) {
          return readBlob(store.get(), digest, offset);
        }
      }
      return Optional.empty();
    }
    String path = url.getPath() == null ? "" : url.getPath();
    String[] parts = path.split("/");
    if (parts.length < 3 || !parts[parts.length - 1].equals(digest.hex() + ".sif")) {
      throw new StorageException(url + ": not a blob's URI in a store (…/OWNER/NAME/" + digest.hex() + ".sif)");
    }
    Namespace namespace;
    try {
      namespace = new Namespace(parts[parts.length - 3], parts[parts.length - 2]);
    } catch (IllegalArgumentException e) {
      throw new StorageException(url + ": " + e.getMessage());
    }
    String prefix = path.substring(0, path.length() - (namespace + "/" + digest.hex() + ".sif").length());
    URI store = URI.create(url.getScheme() + "://" + Objects.requireNonNullElse(url.getRawAuthority(), "") + prefix);
    Storage storage = openStorage(plugins, store);
    try {
      InputStream blob = PluginCall.call(plugins.role(PluginRole.Kind.STORAGE, url.getScheme()), "reading " + url,
          () -> storage.read(new BlobKey(namespace, digest), offset));
      return Optional.of(new FilterInputStream(blob) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            storage.close();
          }
        }
      });
    } catch (SkiffException | InterruptedException e) {
      closeQuietly(storage);
      throw e;
    }
  }

  /**
   * Opens the storage the settings name ({@code storage(...)}, {@code SKIFF_STORAGE}, {@code storage:}
   * in {@code skiff.yml}) through its plugin, with the settings and credentials a run would use:
   * how {@code skiff gc} lists and sweeps it. Close it when done.
   *
   * @throws SkiffException when no storage is set, its scheme is unknown, or it cannot be opened
   */
  public Storage openStorage() throws SkiffException, InterruptedException {
    Plugins plugins = loadPlugins();
    Settings merged = loadSettings(plugins);
    return openStorage(plugins, RunConfig.storage(merged), Step.GC);
  }

  private Storage openStorage(Plugins plugins, URI store) throws SkiffException, InterruptedException {
    return openStorage(plugins, store, Step.PULL);
  }

  private Storage openStorage(Plugins plugins, URI store, Step step) throws SkiffException, InterruptedException {
    StorageFactory factory = plugins.storage(store);
    Settings merged = loadSettings(plugins);
    PluginContext context = new PluginContext(environment, source, workingDir,
        new Events(listeners).log(step, store.toString()));
    return PluginCall.call(plugins.role(PluginRole.Kind.STORAGE, store.getScheme()), "opening " + store,
        () -> factory.create(store, merged, context));
  }

  private static void closeQuietly(Storage storage) {
    try {
      storage.close();
    } catch (IOException e) {
      // The read failed already; that is what the caller hears about.
    }
  }

  private Settings loadSettings(Plugins plugins) throws SkiffException {
    SettingSources sources = new SettingSources(!codeSettingsOnly, givenAsFlags);
    return new ConfigLoader(settingKeys(plugins), sources).load(source, environment, settings, secrets, workingDir);
  }

  private Plugins loadPlugins() throws SkiffException {
    return Guice.createInjector(new PluginsModule(loadPluginList())).getInstance(Plugins.class);
  }

  private PluginSet loadPluginList() throws SkiffException {
    PluginSet loaded = PluginLoader.load(classLoader,
        pluginFolder == null ? List.of() : PluginFolder.loaders(pluginFolder, Skiff.class.getClassLoader()));
    if (!pluginNoticesSent) {
      // Once per Skiff: every operation loads the plugins, and one warning is enough.
      pluginNoticesSent = true;
      Events events = new Events(listeners);
      for (PluginSet.Broken broken : loaded.broken()) {
        events.emit(new SkiffEvent.Notice(Step.PLUGINS, broken.location(), "its plugin cannot be loaded: "
            + broken.reason() + "; only what needs it fails"));
      }
      for (Path jar : loaded.withoutPlugin()) {
        events.emit(new SkiffEvent.Notice(Step.PLUGINS, jar.toString(), "holds no Skiff plugin (no"
            + " META-INF/services/" + SkiffPlugin.class.getName() + " names one); it is ignored"));
      }
    }
    return loaded;
  }

  /** Every setting Skiff and the given plugins read. */
  private static List<ConfigKey> settingKeys(Plugins plugins) {
    Map<String, ConfigKey> keys = new LinkedHashMap<>();
    CoreKeys.ALL.forEach(key -> keys.put(key.name(), key));
    // Factories of one plugin may share keys (the branch and direct publishers' author).
    plugins.configKeys().forEach(key -> keys.putIfAbsent(key.name(), key));
    return List.copyOf(keys.values());
  }

  /**
   * A checked, ready run: what it resolved, and {@link #run()}.
   *
   * <p>A plan can run more than once, one run at a time: each {@link #run()} finds the recipes,
   * reads the registry and opens the store anew, so a second run builds only what changed since.
   * To stop a run, interrupt the thread that called {@link #run()}: the builds and uploads in
   * progress are interrupted (a builder's process is killed), nothing partial is stored or
   * published, and {@code run()} throws {@link InterruptedException}.
   */
  public static final class Plan {
    private final RunConfig config;
    private final Pipeline pipeline;

    private Plan(RunConfig config, Pipeline pipeline) {
      this.config = config;
      this.pipeline = pipeline;
    }

    /** The namespace the images are published in. */
    public Namespace namespace() {
      return config.namespace();
    }

    /**
     * Every setting with its value and where it came from ({@code skiff.yml}, a {@code SKIFF_*}
     * variable, a flag, a default), secrets masked: for {@code --verbose} and logs.
     */
    public Map<String, String> settings() {
      return config.settings().describe();
    }

    /** Where {@link #run()} writes the JSON report, if anywhere ({@link Skiff#report(Path)}). */
    public Optional<Path> reportFile() {
      return config.report();
    }

    /**
     * Builds, stores and publishes, then writes the report file when one was asked for. The
     * recipes build on worker threads ({@code jobs} at once); the call returns when all are done.
     *
     * @return the report; {@link RunReport#succeeded()} says whether every recipe and the publishing worked
     * @throws SkiffException when the run cannot start (no recipes, a broken recipe file), or the
     *     report cannot be written
     * @throws InterruptedException when the calling thread was interrupted; nothing partial is kept
     */
    public RunReport run() throws SkiffException, InterruptedException {
      return written(pipeline.run());
    }

    /**
     * What {@link #run()} would build and why, building nothing: the recipes, each with its input
     * digest and whether the registry's image of its tag is up to date.
     */
    public List<PlannedBuild> builds() throws SkiffException, InterruptedException {
      return pipeline.plan().stream().map(d -> new PlannedBuild(d.recipe().path().toString().replace('\\', '/'),
          d.recipe().tag(), d.build(), d.reason(), d.inputs().digest())).toList();
    }

    /**
     * Publishes the records that the shards of a split run wrote ({@code run} with the setting
     * {@code shard}) in one commit, after checking that every shard is there, all built the same
     * commit and plan, none failed, and every image is in storage with its size; then writes the
     * report file when one was asked for.
     *
     * @throws SkiffException when a check fails; nothing is committed then
     */
    public RunReport publishRecords(List<Path> folders) throws SkiffException, InterruptedException {
      return written(pipeline.publishRecords(folders));
    }

    private RunReport written(RunReport report) throws SkiffException {
      if (config.report().isPresent()) {
        Path file = config.report().get();
        try {
          report.writeTo(file);
        } catch (IOException e) {
          throw new ConfigurationException(CoreKeys.REPORT, "cannot write the report " + file + ": "
              + IoMessages.describe(e), e);
        }
      }
      return report;
    }
  }
}
