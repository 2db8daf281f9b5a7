package dev.skiff.cli;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The CI files of a source repository, for CircleCI (with the Skiff orb), GitHub Actions (with
 * the Skiff Action) and GitLab CI (with the release archive): one job, or a fan-out of N shards and
 * a fan-in publish. {@code skiff init ci} writes them, and the templates in {@code docs/ci} are
 * these, so the two never drift apart.
 */
final class CiTemplates {
  private CiTemplates() {}

  /** A CI system, and where its file lives in the repository. */
  enum System {
    CIRCLECI(".circleci/config.yml"),
    GITHUB(".github/workflows/skiff.yml"),
    GITLAB(".gitlab-ci.yml");

    final String path;

    System(String path) {
      this.path = path;
    }

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param shards 1 for a single job; more for that many shards and a publish job
   * @param builder the builder the jobs run
   * @param version the Skiff release the jobs install
   */
  static String render(System system, int shards, String builder, String version) {
    String text = switch (system) {
      case CIRCLECI -> shards == 1 ? CIRCLECI_SINGLE : CIRCLECI_SHARDED;
      case GITHUB -> shards == 1 ? GITHUB_SINGLE : GITHUB_SHARDED;
      case GITLAB -> shards == 1 ? GITLAB_SINGLE : GITLAB_SHARDED;
    };
    String builderNote = builder.equals("scratch")
        ? "scratch     # needs only squashfs-tools; every recipe here is Bootstrap: scratch" : builder;
    Map<String, String> apptainer = !builder.equals("singularity") ? Map.of() : switch (system) {
      case CIRCLECI -> Map.of("apptainer", CIRCLECI_APPTAINER,
          "apptainer-pre-steps", "pre-steps:\n" + CIRCLECI_APPTAINER.indent(2),
          "apptainer-note", "#   APPTAINER_SHA256   the sha256 of apptainer_{{apptainer-version}}_amd64.deb, from Apptainer's"
              + " release page\n");
      case GITHUB -> Map.of("apptainer", GITHUB_APPTAINER);
      case GITLAB -> Map.of("apptainer", GITLAB_APPTAINER, "apptainer-variables", GITLAB_APPTAINER_VARIABLES);
    };
    // A placeholder stands on a line of its own, indented as its block goes; without a block, the line goes.
    text = APPTAINER_LINE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
        apptainer.getOrDefault(m.group(2), "").indent(m.group(1).length())));
    return text.replace("{{version}}", version)
        .replace("{{apptainer-version}}", APPTAINER_VERSION)
        .replace("{{shards}}", Integer.toString(shards))
        .replace("{{shard-list}}", IntStream.rangeClosed(1, shards).mapToObj(Integer::toString)
            .collect(Collectors.joining(", ")))
        .replace("{{builder-note}}", builderNote)
        .replace("{{builder}}", builder)
        .replace("{{path}}", system.path)
        .replace("{{system}}", system.word())
        .replace("{{sharded}}", shards == 1 ? "" : " --shards " + shards);
  }

  /** The Apptainer release the jobs of the singularity builder install. */
  static final String APPTAINER_VERSION = "1.3.6";

  private static final Pattern APPTAINER_LINE = Pattern.compile("(?m)^( *)\\{\\{(apptainer[a-z-]*)}}\n");

  private static final String GITHUB_APPTAINER = """
      - name: Apptainer, for the singularity builder
        uses: eWaterCycle/setup-apptainer@v2
        with:
          apptainer-version: {{apptainer-version}}
      """;

  /** Apptainer's release package, checked against the sha256 the CI settings give, then installed. */
  private static final String INSTALL_APPTAINER = """
      deb="apptainer_${APPTAINER_VERSION}_amd64.deb"
      curl -fsSL --retry 3 -o "/tmp/$deb" "https://github.com/apptainer/apptainer/releases/download/v$APPTAINER_VERSION/$deb"
      if [ -z "${APPTAINER_SHA256:-}" ]; then echo "skiff: set APPTAINER_SHA256 to the sha256 of $deb, from its release page" >&2; exit 1; fi
      echo "$APPTAINER_SHA256  /tmp/$deb" | sha256sum -c --quiet -
      $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "/tmp/$deb"
      """;

  private static final String CIRCLECI_APPTAINER = """
      - run:
          name: Apptainer, for the singularity builder (its release package, sha256 checked)
          command: |
            APPTAINER_VERSION={{apptainer-version}}
            SUDO=sudo
      """ + INSTALL_APPTAINER.indent(6);

  private static final String GITLAB_APPTAINER_VARIABLES = """
      APPTAINER_VERSION: "{{apptainer-version}}"   # the singularity builder's Apptainer
      APPTAINER_SHA256: ""     # required: the sha256 of apptainer_{{apptainer-version}}_amd64.deb, from its release page
      """;

  private static final String GITLAB_APPTAINER = """
      - |
        # Apptainer, for the singularity builder: its release package, sha256 checked.
        SUDO=""
      """ + INSTALL_APPTAINER.indent(2);

  private static final String HEADER_SECRETS = """
      # Replace OWNER/skiff with where your organization takes Skiff from.
      """;

  private static final String CIRCLECI_HEAD = """
      # {{path}} of a source repository, written by `skiff init ci {{system}}{{sharded}}`: on every push
      # to the default branch, builds the recipes whose inputs changed, stores the images and publishes
      # their manifests to the organization's registry, with the Skiff orb (it installs Skiff's release
      # archive and checks its sha256).
      #
      """ + HEADER_SECRETS + """
      # Put the secrets in a CircleCI context (Organization Settings > Contexts), here "skiff-publish":
      #   SKIFF_GITHUB_TOKEN                          the registry machine user's fine-grained token
      #   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY    for s3:// storage, or an OIDC role; see docs/storage-guide.md
      #   GOOGLE_APPLICATION_CREDENTIALS              for gs:// storage
      #   SKIFF_SIGNING_KEY, SKIFF_SIGNING_PASSPHRASE  optional: sign every image (docs/signing-guide.md)
      # and the settings as environment variables of the context or the project:
      #   SKIFF_STORAGE (s3://... or gs://...), SKIFF_REGISTRY (https://github.com/myorg/registry)
      {{apptainer-note}}
      version: 2.1
      orbs:
        skiff: OWNER/skiff@{{version}}
      """;

  private static final String CIRCLECI_SINGLE = CIRCLECI_HEAD + """
      workflows:
        publish:
          jobs:
            - skiff/publish:
                version: {{version}}
                releases: https://github.com/OWNER/skiff/releases/download
                args: --builder {{builder}}
                context: skiff-publish
                {{apptainer-pre-steps}}
                filters:
                  branches:
                    only: main
      """;

  private static final String CIRCLECI_SHARDED = CIRCLECI_HEAD + """
      jobs:
        build:
          executor: skiff/default
          parallelism: {{shards}}    # each container builds its share: skiff run --shard ci
          steps:
            - checkout
            - run:
                name: Tools for building images
                command: command -v mksquashfs >/dev/null 2>&1 || (sudo apt-get update -qq && sudo apt-get install -y -qq squashfs-tools)
            {{apptainer}}
            - skiff/install:
                version: {{version}}
                releases: https://github.com/OWNER/skiff/releases/download
            - skiff/run:
                args: --builder {{builder}} --shard ci --records /tmp/skiff-records --junit /tmp/skiff-junit/skiff.xml
            - store_test_results:
                path: /tmp/skiff-junit
            - persist_to_workspace:
                root: /tmp
                paths:
                  - skiff-records
        publish:
          executor: skiff/default
          steps:
            - checkout
            - attach_workspace:
                at: /tmp
            - skiff/install:
                version: {{version}}
                releases: https://github.com/OWNER/skiff/releases/download
            - skiff/run:
                command: publish
                args: --builder {{builder}} --records /tmp/skiff-records
      workflows:
        publish:
          jobs:
            - build:
                context: skiff-publish
                filters:
                  branches:
                    only: main
            - publish:
                requires:
                  - build
                context: skiff-publish
                filters:
                  branches:
                    only: main
      """;

  private static final String GITHUB_HEAD = """
      # {{path}} of a source repository, written by `skiff init ci {{system}}{{sharded}}`: on every
      # push to the default branch, builds the recipes whose inputs changed, stores the images and
      # publishes their manifests to the organization's registry, with the Skiff Action (it downloads
      # Skiff's release archive and checks its sha256).
      #
      """ + HEADER_SECRETS + """
      # Secrets (Settings > Secrets and variables > Actions, or organization-wide):
      #   SKIFF_GITHUB_TOKEN  a fine-grained token of the registry's machine user (see docs/ci/README.md)
      #   SKIFF_SIGNING_KEY, SKIFF_SIGNING_PASSPHRASE   optional: sign every image (docs/signing-guide.md)
      # Variables:
      #   REGISTRY_URL        https://github.com/myorg/registry
      #   ATTEST_IMAGES       true: attest each image's provenance, for gh attestation verify (public
      #                       repositories, or private ones on GitHub Enterprise Cloud)
      #   IMAGE_STORAGE       s3://myorg-containers/images, or gs://...
      #   AWS_ROLE            the IAM role images are written with (s3:// storage only)
      #   GCP_PROVIDER, GCP_SERVICE_ACCOUNT   workload identity provider and account (gs:// storage only)
      name: skiff
      on:
        push:
          branches: [main]
      permissions:
        contents: read
        id-token: write        # OIDC: cloud credentials without a stored key, and attestations
        attestations: write    # used only when ATTEST_IMAGES is true
      concurrency:
        group: skiff-${{ github.ref }}
        cancel-in-progress: false   # never cut an upload in half; Skiff would clean up, but a full run is cheaper
      """;

  private static final String GITHUB_PREPARE = """
            - uses: actions/checkout@v4
              with:
                fetch-depth: 0   # the history: each image is dated by the last commit that changed its inputs
            - name: Cloud credentials (S3 through OIDC)
              if: startsWith(vars.IMAGE_STORAGE, 's3://')
              uses: aws-actions/configure-aws-credentials@v4
              with:
                role-to-assume: ${{ vars.AWS_ROLE }}
                aws-region: us-east-1
            - name: Cloud credentials (Cloud Storage through OIDC)
              if: startsWith(vars.IMAGE_STORAGE, 'gs://')
              uses: google-github-actions/auth@v2
              with:
                workload_identity_provider: ${{ vars.GCP_PROVIDER }}
                service_account: ${{ vars.GCP_SERVICE_ACCOUNT }}
      """;

  private static final String GITHUB_SKIFF = """
              uses: OWNER/skiff@v{{version}}
              with:
                builder: {{builder-note}}
                storage: ${{ vars.IMAGE_STORAGE }}
                registry: ${{ vars.REGISTRY_URL }}
                token: ${{ secrets.SKIFF_GITHUB_TOKEN }}
                signing-key: ${{ secrets.SKIFF_SIGNING_KEY }}
                signing-passphrase: ${{ secrets.SKIFF_SIGNING_PASSPHRASE }}
                attest: ${{ vars.ATTEST_IMAGES || 'false' }}
      """;

  private static final String GITHUB_SINGLE = GITHUB_HEAD + """
      jobs:
        publish:
          runs-on: ubuntu-latest
          timeout-minutes: 120
          steps:
      """ + GITHUB_PREPARE + """
            {{apptainer}}
            - name: skiff run
              id: skiff
      """ + GITHUB_SKIFF + """
                command: run
            - uses: actions/upload-artifact@v4
              if: always()
              with:
                name: skiff-report
                path: ${{ steps.skiff.outputs.report }}
      """;

  private static final String GITHUB_SHARDED = GITHUB_HEAD + """
      jobs:
        build:
          runs-on: ubuntu-latest
          timeout-minutes: 120
          strategy:
            fail-fast: false
            matrix:
              shard: [{{shard-list}}]
          steps:
      """ + GITHUB_PREPARE + """
            {{apptainer}}
            - name: skiff run, share ${{ matrix.shard }} of {{shards}}
      """ + GITHUB_SKIFF + """
                command: run
                args: --shard ${{ matrix.shard }}/{{shards}} --records skiff-records
            - uses: actions/upload-artifact@v4
              with:
                name: skiff-records-${{ matrix.shard }}
                path: skiff-records
        publish:
          needs: build
          runs-on: ubuntu-latest
          timeout-minutes: 30
          steps:
      """ + GITHUB_PREPARE + """
            - uses: actions/download-artifact@v4
              with:
                pattern: skiff-records-*
                path: skiff-records
            - name: skiff publish
      """ + GITHUB_SKIFF + """
                command: publish
                args: --records skiff-records
      """;

  private static final String GITLAB_HEAD = """
      # {{path}} of a source repository, written by `skiff init ci {{system}}{{sharded}}`: on every push to
      # the default branch, builds the recipes whose inputs changed, stores the images and publishes
      # their manifests to the organization's registry, with Skiff's release archive (its sha256 checked).
      #
      """ + HEADER_SECRETS + """
      # CI/CD variables (Settings > CI/CD > Variables), masked and protected:
      #   SKIFF_GITHUB_TOKEN                          the registry machine user's token
      #   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY    for s3:// storage
      #   GOOGLE_APPLICATION_CREDENTIALS (a file)     for gs:// storage
      #   SKIFF_SIGNING_KEY, SKIFF_SIGNING_PASSPHRASE  optional: sign every image (docs/signing-guide.md)
      #   SKIFF_STORAGE, SKIFF_REGISTRY               where images and manifests go
      # A project in subgroups (group/sub/project) publishes as the namespace group/sub__project.
      variables:
        SKIFF_VERSION: "{{version}}"
        SKIFF_RELEASES: https://github.com/OWNER/skiff/releases/download
        SKIFF_SHA256: ""         # pin the archive's sha256 to catch a replaced release
        SKIFF_BUILDER: {{builder-note}}
        GIT_DEPTH: "0"           # the history: each image is dated by the last commit that changed its inputs
        {{apptainer-variables}}

      .skiff:
        image: eclipse-temurin:17-jdk
        rules:
          - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
        before_script:
          - apt-get update -qq && apt-get install -y -qq --no-install-recommends squashfs-tools curl
          - |
            url="$SKIFF_RELEASES/v$SKIFF_VERSION/skiff-$SKIFF_VERSION.tar.gz"
            curl -fsSL --retry 3 -o /tmp/skiff.tar.gz "$url"
            expected=${SKIFF_SHA256:-$(curl -fsSL --retry 3 "$url.sha256" | cut -d' ' -f1)}
            actual=$(sha256sum /tmp/skiff.tar.gz | cut -d' ' -f1)
            if [ "$actual" != "$expected" ]; then
              echo "skiff: $url has sha256 $actual, not $expected; nothing was installed" >&2
              exit 1
            fi
            mkdir -p /opt/skiff
            tar xzf /tmp/skiff.tar.gz -C /opt/skiff --strip-components 1
            export PATH="/opt/skiff/bin:$PATH"
          {{apptainer}}
      """;

  private static final String GITLAB_SINGLE = GITLAB_HEAD + """

      skiff:
        extends: .skiff
        script:
          - skiff run --junit skiff-junit.xml
        artifacts:
          when: always
          reports:
            junit: skiff-junit.xml
      """;

  private static final String GITLAB_SHARDED = GITLAB_HEAD + """

      stages:
        - build
        - publish

      skiff-build:
        extends: .skiff
        stage: build
        parallel: {{shards}}    # each job builds its share: skiff run --shard ci
        script:
          - skiff run --shard ci --records skiff-records --junit skiff-junit-$CI_NODE_INDEX.xml
        artifacts:
          when: always
          paths:
            - skiff-records/
          reports:
            junit: skiff-junit-*.xml

      skiff-publish:
        extends: .skiff
        stage: publish
        needs:
          - skiff-build
        script:
          - skiff publish --records skiff-records
      """;
}
