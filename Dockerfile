# PonyBunny on Open Liberty and Eclipse Temurin 25 (HotSpot).
#
# Package the server first (WAR with the console, JDBC drivers, only the Liberty features
# server.xml names):                                   mvn -DskipTests -Pcontainer package
# Then:                                                docker build -t ponybunny .
# Run (simulator only, no key needed):                 docker run -p 9080:9080 -e PONYBUNNY_SIMULATOR_ENABLED=true ponybunny
# Run with a provider:                                 docker run -p 9080:9080 -e OPENAI_API_KEY=... ponybunny
# Keep the H2 database in a named volume:              docker run -v ponybunny-data:/opt/wlp/usr/servers/ponybunny/data ... ponybunny
#
# Why Temurin 25 and not the official OpenJ9 images: on Java 24+ WebSocket frames are written by
# blocking sends on virtual threads (ponybunny.ws.blocking-sends=auto), which cut fan-out latency
# several-fold (docs/adr/0008-benchmarks-and-tuning.md; numbers in docs/benchmarks/findings.md), and jvm.options' ZGC settings are HotSpot
# options. The packaged server holds its own minified Liberty runtime; the test-only
# configDropins (Arquillian's localConnector) are not in it.

FROM eclipse-temurin:25-jre-noble AS unpack
# ADD extracts the archive: /opt/wlp/usr/servers/ponybunny.
ADD target/ponybunny-server.tar.gz /opt/
# Settings the Maven plugin writes for local runs (server.env, port overrides) are not for the
# image: configuration comes from server.xml defaults and the container's environment.
# The H2 data directory (server.xml: ${server.output.dir}/data) exists in the image so that the
# volume below starts owned by the runtime user.
# Group permissions equal the owner's so that an arbitrary uid in group 0 can run it too.
RUN rm -f /opt/wlp/usr/servers/ponybunny/server.env \
          /opt/wlp/usr/servers/ponybunny/configDropins/overrides/liberty-plugin-variable-config.xml \
 && mkdir -p /opt/wlp/usr/servers/ponybunny/data \
 && chmod -R g=u /opt/wlp

FROM eclipse-temurin:25-jre-noble

ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="PonyBunny" \
      org.opencontainers.image.description="LLM streaming console and agent runtime on Open Liberty" \
      org.opencontainers.image.version="${VERSION}"

COPY --from=unpack --chown=1001:0 /opt/wlp /opt/wlp

# Production: the built-in simulator is off (its endpoints leave routing); set
# PONYBUNNY_SIMULATOR_ENABLED=true for a demo image that works with no provider key.
# Listen on all interfaces inside the container; log JSON to the console.
ENV PATH=/opt/wlp/bin:$PATH \
    PONYBUNNY_SIMULATOR_ENABLED=false \
    HTTP_HOST="*" \
    WLP_LOGGING_CONSOLE_FORMAT=JSON \
    WLP_LOGGING_CONSOLE_SOURCE=message,trace,accessLog,ffdc

USER 1001
# The embedded H2 database (goals, runs, stream history, accounts, keys): a named volume keeps it
# across containers and starts as a copy of this directory, owned by 1001:0. A bind mount must be
# writable by uid 1001 (or group 0) itself. Unused when PONYBUNNY_DB_URL points at PostgreSQL.
VOLUME /opt/wlp/usr/servers/ponybunny/data
EXPOSE 9080 9443
# Readiness and liveness: GET /health/ready and /health/live (MicroProfile Health).
CMD ["/opt/wlp/bin/server", "run", "ponybunny"]
