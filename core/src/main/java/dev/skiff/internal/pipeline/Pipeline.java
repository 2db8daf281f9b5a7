package dev.skiff.internal.pipeline;

import dev.skiff.Discovery;
import dev.skiff.events.SkiffEvent;
import dev.skiff.events.Step;
import dev.skiff.internal.config.CoreKeys;
import dev.skiff.internal.config.ProcessEnvironment;
import dev.skiff.internal.config.RunConfig;
import dev.skiff.internal.incremental.BuildDecision;
import dev.skiff.internal.pipeline.Events;
import dev.skiff.internal.plugin.PluginCall;
import dev.skiff.internal.plugin.PluginRole;
import dev.skiff.internal.plugin.Plugins;
import dev.skiff.internal.shard.Shard;
import dev.skiff.model.ContainerRef;
import dev.skiff.model.Manifest;
import dev.skiff.model.Recipe;
import dev.skiff.model.Tag;
import dev.skiff.report.BuildRecord;
import dev.skiff.report.RunReport;
import dev.skiff.report.ShardRecords;
import dev.skiff.signing.SigningKey;
import dev.skiff.spi.BuildException;
import dev.skiff.spi.BuildResult;
import dev.skiff.spi.Builder;
import dev.skiff.spi.BuilderFactory;
import dev.skiff.spi.ConfigurationException;
import dev.skiff.spi.PluginContext;
import dev.skiff.spi.PublishRequest;
import dev.skiff.spi.PublishResult;
import dev.skiff.spi.Publisher;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Storage;
import dev.skiff.spi.StorageException;
import dev.skiff.support.BoundedWorkers;
import dev.skiff.support.IoMessages;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Runs the steps: discover, then build, store and manifest each recipe, then publish. A recipe
 * that fails is recorded and the others go on; publishing gets the manifests of the images that
 * were stored. Creates the plugins for the run and closes them at its end.
 */
public final class Pipeline {
  private final RunConfig config;
  private final Plugins plugins;
  private final Events events;
  private final Map<String, String> environment;
  // The plugins in their roles, with their jars, as messages name them: found once per run.
  private final PluginRole builderRole;
  private final PluginRole storageRole;
  private final PluginRole publisherRole;

  @Inject
  public Pipeline(RunConfig config, Plugins plugins, Events events, ProcessEnvironment environment) {
    this.config = config;
    this.plugins = plugins;
    this.events = events;
    this.environment = environment.variables();
    this.builderRole = plugins.role(PluginRole.Kind.BUILDER, config.builder());
    this.storageRole = plugins.role(PluginRole.Kind.STORAGE, config.storage().getScheme());
    this.publisherRole = plugins.role(PluginRole.Kind.PUBLISHER, config.publisher());
  }

  /**
   * Runs the whole flow.
   *
   * @return the report; failures of single recipes or of publishing are in it
   * @throws SkiffException when the run cannot start: no recipes, a broken recipe, unusable settings
   */
  public RunReport run() throws SkiffException, InterruptedException {
    long start = System.nanoTime();
    try (WorkFolders.WorkFolder work = claimWorkFolder()) {
      Path workDir = work.path();
      Discovery discovery = discover();
      PluginContext context = new PluginContext(environment, config.source(), workDir,
          events.log(Step.BUILD, config.namespace().toString()));
      BuilderFactory builderFactory = plugins.builder(config.builder());
      Builder builder = PluginCall.call(builderRole, "starting",
          () -> builderFactory.create(config.settings(), context));
      int jobs = config.jobs().orElse(Math.max(1, builderFactory.defaultJobs()));
      try (Storage storage = openStorage(context);
          Publisher publisher = openPublisher(context);
          DateOfInputs dates = DateOfInputs.open(config)) {
        List<BuildRecord> records = Collections.synchronizedList(new ArrayList<>());
        List<Manifest> manifests = Collections.synchronizedList(new ArrayList<>());
        // In a split run, the first shard speaks for the frozen recipes.
        discovery.frozen().stream().filter(path -> config.shard().map(s -> s.index() == 1).orElse(true)).forEach(path -> {
          records.add(BuildRecord.skipped(path.toString(), Optional.empty(), "frozen"));
          events.emit(new SkiffEvent.Notice(Step.DISCOVER, path.toString(), "skipped: its folder is frozen"));
        });
        List<BuildDecision> decisions = plan(discovery, builderFactory, publisher);
        LocalUrlGuard.check(config.registry(), config.namespace(), storage,
            decisions.stream().flatMap(d -> d.published().stream()).toList());
        List<BuildDecision> toBuild = new ArrayList<>();
        for (BuildDecision decision : SplitPlan.share(config.shard(), decisions)) {
          Optional<Manifest> carried = decision.build() ? Optional.empty()
              : new CarryStep(storage, config.namespace()).call(decision);
          if (carried.isPresent()) {
            manifests.add(carried.get());
            records.add(BuildRecord.unchanged(decision.recipe().path().toString(), carried.get(), decision.reason()));
          } else {
            toBuild.add(decision.build() ? decision : CarryStep.buildInstead(decision));
          }
        }
        // Each build's events carry its own subject, so parallel builds stay apart in the log and the report.
        BoundedWorkers.map(toBuild, jobs, "skiff-build", decision -> {
          buildOne(decision, builder, storage, workDir, dates, records, manifests);
          return decision;
        });
        records.sort(Comparator.comparing(BuildRecord::recipe));
        manifests.sort(Comparator.comparing(m -> m.provenance().recipe()));
        Optional<PublishResult> published = Optional.empty();
        Optional<String> publishError = Optional.empty();
        try {
          if (config.shard().isPresent()) {
            Shard shard = config.shard().get();
            Path file = new RecordsStep(config, shard).call(decisions, discovery.tags(), manifests, records);
            events.emit(new SkiffEvent.Notice(Step.PUBLISH, config.namespace().toString(), "shard " + shard
                + ": records written to " + file + "; skiff publish --records brings the shards together"));
          } else {
            published = publish(publisher, manifests, discovery.tags());
          }
        } catch (SkiffException e) {
          publishError = Optional.of(e.getMessage());
          events.emit(new SkiffEvent.Failed(Step.PUBLISH, config.namespace().toString(), e.getMessage(), e));
        }
        return new RunReport(config.namespace(), config.sourceInfo(), config.builder(), config.storage().toString(),
            config.registry(), records, manifests, published, publishError, Duration.ofNanos(System.nanoTime() - start));
      } catch (IOException e) {
        throw new StorageException("cannot close the storage or the registry: " + IoMessages.describe(e), e);
      }
    }
  }

  /**
   * Brings the records of a split run together: checks them (every shard there, one plan, one
   * namespace and commit, no failed build, every blob stored with its size), then publishes all
   * their manifests in one commit. Nothing is committed when a check fails.
   */
  public RunReport publishRecords(List<Path> folders) throws SkiffException, InterruptedException {
    long start = System.nanoTime();
    try (WorkFolders.WorkFolder work = claimWorkFolder()) {
      List<ShardRecords> shards = ShardRecords.readAll(folders);
      PluginContext context = new PluginContext(environment, config.source(), work.path(),
          events.log(Step.PUBLISH, config.namespace().toString()));
      try (Storage storage = openStorage(context);
          Publisher publisher = openPublisher(context)) {
        if (publisher == null) {
          throw ConfigurationException.of(CoreKeys.REGISTRY, "no registry set: there is nothing to publish the records"
              + " to; " + config.settings().howToSet(CoreKeys.REGISTRY, "PATH"));
        }
        FanIn fanIn = new FanIn(config, storage).check(shards);
        LocalUrlGuard.check(config.registry(), config.namespace(), storage, PluginCall.call(
            publisherRole, "reading " + config.registry().orElseThrow(),
            () -> publisher.published(config.namespace())));
        Optional<PublishResult> published = publish(publisher, fanIn.manifests(), fanIn.sourceTags());
        return new RunReport(config.namespace(), config.sourceInfo(), config.builder(), config.storage().toString(),
            config.registry(), fanIn.records(), fanIn.manifests(), published, Optional.empty(),
            Duration.ofNanos(System.nanoTime() - start));
      } catch (IOException e) {
        throw new StorageException("cannot close the storage or the registry: " + IoMessages.describe(e), e);
      }
    }
  }

  /**
   * What a run would build and why, without building anything: the decisions of {@link #run}, for
   * {@code skiff plan}.
   */
  public List<BuildDecision> plan() throws SkiffException, InterruptedException {
    try (WorkFolders.WorkFolder work = claimWorkFolder()) {
      Discovery discovery = discover();
      PluginContext context = new PluginContext(environment, config.source(), work.path(),
          events.log(Step.PLAN, config.namespace().toString()));
      try (Storage storage = openStorage(context);
          Publisher publisher = openPublisher(context)) {
        // As the run decides: a recipe whose image left the storage is built, whatever its inputs.
        CarryStep carry = new CarryStep(storage, config.namespace());
        BuilderFactory builderFactory = plugins.builder(config.builder());
        List<BuildDecision> decisions = new ArrayList<>();
        for (BuildDecision decision : plan(discovery, builderFactory, publisher)) {
          decisions.add(decision.build() || carry.call(decision).isPresent() ? decision
              : CarryStep.buildInstead(decision));
        }
        refuseWhatTheBuilderCannotBuild(builderFactory, decisions);
        return decisions;
      } catch (IOException e) {
        throw new StorageException("cannot close the storage or the registry: " + IoMessages.describe(e), e);
      }
    }
  }

  /** A plan the builder cannot carry out names the recipe and why, before anything runs. */
  private void refuseWhatTheBuilderCannotBuild(BuilderFactory builderFactory, List<BuildDecision> decisions)
      throws SkiffException, InterruptedException {
    List<String> cannot = new ArrayList<>();
    for (BuildDecision decision : decisions) {
      if (decision.build()) {
        Recipe recipe = decision.recipe();
        PluginCall.call(builderRole, "checking " + recipe.path(), () -> builderFactory.cannotBuild(recipe))
            .ifPresent(cannot::add);
      }
    }
    if (!cannot.isEmpty()) {
      throw new BuildException(builderRole + " cannot build " + cannot.get(0) + (cannot.size() == 1 ? ""
          : "; and " + (cannot.size() - 1) + " more recipe(s) it cannot build") + "; choose another builder");
    }
  }

  private List<BuildDecision> plan(Discovery discovery, BuilderFactory builderFactory, Publisher publisher)
      throws SkiffException, InterruptedException {
    String subject = config.namespace().toString();
    long start = System.nanoTime();
    events.emit(new SkiffEvent.Started(Step.PLAN, subject));
    List<Manifest> published = publisher == null ? List.of()
        : PluginCall.call(publisherRole, "reading " + config.registry().orElseThrow(),
            () -> publisher.published(config.namespace()));
    SortedMap<String, String> builderSettings = new TreeMap<>();
    for (String key : builderFactory.outputSettings()) {
      config.settings().get(key).ifPresent(value -> builderSettings.put(key, value));
    }
    // The signer is in the image: a new key (or the first) signs every image again.
    config.signingKey().ifPresent(key -> builderSettings.put(CoreKeys.SIGNING_KEY, key.fingerprint().hex()));
    List<BuildDecision> decisions = new PlanStep(config.builder(), builderSettings, config.rebuild(), Instant.now())
        .call(discovery, published);
    long builds = decisions.stream().filter(BuildDecision::build).count();
    events.emit(new SkiffEvent.Finished(Step.PLAN, subject, builds + " to build, " + (decisions.size() - builds)
        + " unchanged", since(start)));
    return decisions;
  }

  private Discovery discover() throws SkiffException {
    String subject = config.source().toString();
    events.emit(new SkiffEvent.Started(Step.DISCOVER, subject));
    long start = System.nanoTime();
    try {
      Discovery discovery = new DiscoverStep(config.source(), config.tagPattern()).call();
      events.emit(new SkiffEvent.Finished(Step.DISCOVER, subject, discovery.recipes().size() + " recipe(s), "
          + discovery.frozen().size() + " frozen", Duration.ofNanos(System.nanoTime() - start)));
      return discovery;
    } catch (IOException e) {
      throw new BuildException("cannot search " + subject + " for recipes: " + IoMessages.describe(e), e);
    }
  }

  private void buildOne(BuildDecision decision, Builder builder, Storage storage, Path workDir, DateOfInputs dates,
      List<BuildRecord> records, List<Manifest> manifests) throws InterruptedException {
    Recipe recipe = decision.recipe();
    String subject = ContainerRef.of(config.namespace(), recipe.tag()).toString();
    long start = System.nanoTime();
    Step step = Step.BUILD;
    try {
      events.emit(new SkiffEvent.Started(Step.BUILD, subject));
      events.emit(new SkiffEvent.Notice(Step.BUILD, subject, "building: " + decision.reason()));
      Path outputDir = Files.createDirectories(workDir.resolve("build-" + recipe.tag()));
      Instant created = dates.of(decision.inputs());
      BuildResult image = new BuildStep(builder, builderRole, recipe, config.namespace(), outputDir,
          created, config.storage(), events.log(Step.BUILD, subject), events.progress(Step.BUILD, subject))
          .call();
      events.emit(new SkiffEvent.Finished(Step.BUILD, subject, "built", since(start)));

      Optional<String> signer = Optional.empty();
      if (config.signingKey().isPresent()) {
        step = Step.SIGN;
        long signStart = System.nanoTime();
        events.emit(new SkiffEvent.Started(Step.SIGN, subject));
        SigningKey key = config.signingKey().get();
        image = new SignStep(key, storage, storageRole, outputDir, created).call(image);
        signer = Optional.of(key.fingerprint().hex());
        events.emit(new SkiffEvent.Finished(Step.SIGN, subject, "signed by " + key.fingerprint()
            + (key.userId().isEmpty() ? "" : " (" + key.userId() + ")"), since(signStart)));
      }

      step = Step.STORE;
      long storeStart = System.nanoTime();
      events.emit(new SkiffEvent.Started(Step.STORE, subject));
      ImageInStorage stored = new StoreStep(storage, storageRole, config.namespace(), image,
          metadata(recipe), events.progress(Step.STORE, subject)).call();
      events.emit(new SkiffEvent.Finished(Step.STORE, subject,
          (stored.uploaded() ? "uploaded " : "already stored, not uploaded: ") + stored.key().digest()
              + " (" + stored.size() + " bytes)", since(storeStart)));

      step = Step.MANIFEST;
      Manifest manifest = new ManifestStep(recipe, stored, config.builder(), config.sourceInfo(), created,
          decision.inputs().digest(), Instant.now(), signer).call();
      manifests.add(manifest);
      records.add(BuildRecord.built(recipe.path().toString(), recipe.tag(), stored.key().digest(), stored.size(),
          stored.uploaded(), stored.url(), since(start)));
    } catch (SkiffException e) {
      fail(recipe, subject, step, e.getMessage(), e, start, records);
    } catch (IOException e) {
      fail(recipe, subject, step, IoMessages.describe(e), e, start, records);
    }
  }

  private void fail(Recipe recipe, String subject, Step step, String message, Exception cause, long start,
      List<BuildRecord> records) {
    events.emit(new SkiffEvent.Failed(step, subject, message, cause));
    records.add(BuildRecord.failed(recipe.path().toString(), recipe.tag(), message, since(start)));
  }

  private Storage openStorage(PluginContext context) throws SkiffException, InterruptedException {
    return PluginCall.call(storageRole, "opening " + config.storage(),
        () -> plugins.storage(config.storage()).create(config.storage(), config.settings(), context));
  }

  /**
   * Opens the publisher before anything is built, so that an unusable registry fails the run
   * before images are stored; null when no registry is set.
   */
  private Publisher openPublisher(PluginContext context) throws SkiffException, InterruptedException {
    if (config.registry().isEmpty()) {
      return null;
    }
    String registry = config.registry().get();
    return PluginCall.call(publisherRole, "opening " + registry,
        () -> plugins.publisher(config.publisher()).create(registry, config.settings(), context));
  }

  private Optional<PublishResult> publish(Publisher publisher, List<Manifest> manifests, Set<Tag> sourceTags)
      throws SkiffException, InterruptedException {
    if (publisher == null) {
      events.emit(new SkiffEvent.Notice(Step.PUBLISH, config.namespace().toString(),
          "no registry set (--registry); manifests are only in the report"));
      return Optional.empty();
    }
    String subject = config.namespace().toString();
    if (manifests.isEmpty()) {
      events.emit(new SkiffEvent.Notice(Step.PUBLISH, subject, "nothing to publish to " + config.registry().orElseThrow()));
      return Optional.empty();
    }
    long start = System.nanoTime();
    events.emit(new SkiffEvent.Started(Step.PUBLISH, subject));
    PublishRequest request = new PublishRequest(config.namespace(), manifests, config.sourceInfo(),
        config.description(), events.log(Step.PUBLISH, subject), Optional.of(sourceTags));
    PublishResult result = new PublishStep(publisher, publisherRole, request).call();
    events.emit(new SkiffEvent.Finished(Step.PUBLISH, subject,
        (result.changed() ? "published to " : "unchanged, nothing committed: ") + result.location(), since(start)));
    return Optional.of(result);
  }

  /** Skiff's provenance, attached to stored objects where the storage supports metadata. */
  private Map<String, String> metadata(Recipe recipe) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("namespace", config.namespace().toString());
    metadata.put("tag", recipe.tag().value());
    metadata.put("recipe", recipe.path().toString());
    config.sourceInfo().repository().ifPresent(r -> metadata.put("source-repository", r));
    config.sourceInfo().commit().ifPresent(c -> metadata.put("source-commit", c));
    return metadata;
  }

  /** Claims this run's work folder and removes those of runs that were killed, so kills do not fill the disk. */
  private WorkFolders.WorkFolder claimWorkFolder() throws SkiffException {
    WorkFolders folders = WorkFolders.inTemporaryFolder();
    WorkFolders.WorkFolder work;
    try {
      work = folders.claim();
    } catch (IOException e) {
      throw new BuildException("cannot create a work folder in the temporary folder: " + IoMessages.describe(e), e);
    }
    try {
      int removed = folders.removeAbandoned(work);
      if (removed > 0) {
        events.emit(new SkiffEvent.Notice(Step.BUILD, config.namespace().toString(),
            "removed " + removed + " work folder(s) left by runs that were killed"));
      }
    } catch (IOException e) {
      // Their leftovers do no harm to this run.
    }
    return work;
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
