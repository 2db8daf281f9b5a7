package dev.skiff.internal.pipeline;

import com.google.inject.AbstractModule;
import dev.skiff.internal.config.ProcessEnvironment;
import dev.skiff.internal.config.RunConfig;
import dev.skiff.internal.pipeline.Events;

/** Binds what one run is given: its resolved configuration, its event listeners and its environment. */
public final class RunModule extends AbstractModule {
  private final RunConfig config;
  private final Events events;
  private final ProcessEnvironment environment;

  public RunModule(RunConfig config, Events events, ProcessEnvironment environment) {
    this.config = config;
    this.events = events;
    this.environment = environment;
  }

  @Override
  protected void configure() {
    bind(RunConfig.class).toInstance(config);
    bind(Events.class).toInstance(events);
    bind(ProcessEnvironment.class).toInstance(environment);
  }
}
