package dev.skiff.events;

import java.time.Duration;

/**
 * What a run reports while it works. The CLI renders these; an embedding program subscribes to
 * what it needs. {@code subject} names what the step works on: a container reference, a recipe, a
 * registry.
 */
public sealed interface SkiffEvent {

  /** The step the event is of. */
  Step step();

  /** What the step works on: a container reference, a recipe, a registry, a plugin's jar. */
  String subject();

  /** A step started on a subject. */
  record Started(Step step, String subject) implements SkiffEvent {}

  /** A step finished; {@code outcome} says what it did in a few words. */
  record Finished(Step step, String subject, String outcome, Duration took) implements SkiffEvent {}

  /** A step failed; {@code message} is the one-line reason. */
  record Failed(Step step, String subject, String message, Throwable cause) implements SkiffEvent {}

  /** A line of output, such as a build tool's. */
  record LogLine(Step step, String subject, String line) implements SkiffEvent {}

  /** How far a step is: {@code done} of {@code total} units (bytes for uploads), total -1 if unknown. */
  record Progress(Step step, String subject, long done, long total) implements SkiffEvent {}

  /** Something the user should know that is not a failure. */
  record Notice(Step step, String subject, String message) implements SkiffEvent {}
}
