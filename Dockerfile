# PonyBunny on the official Open Liberty image.
#
# Build the WAR first (it embeds the console):   mvn -DskipTests package
# Then:                                          docker build -t ponybunny .
# Run (simulator only, no key needed):           docker run -p 9080:9080 ponybunny
# Run with a provider:                           docker run -p 9080:9080 -e OPENAI_API_KEY=... ponybunny
#
# The image layout follows the Open Liberty container docs: server configuration in /config,
# applications in /config/apps, features.sh installs the features server.xml names (kernel-slim),
# configure.sh warms the shared class cache. Arquillian's localConnector (configDropins) is a
# test-only feature and is deliberately not copied.
FROM icr.io/appcafe/open-liberty:kernel-slim-java21-openj9-ubi-minimal

ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="PonyBunny" \
      org.opencontainers.image.description="LLM streaming console and agent runtime on Open Liberty" \
      org.opencontainers.image.version="${VERSION}"

COPY --chown=1001:0 liberty/config/server.xml /config/server.xml
COPY --chown=1001:0 liberty/config/jvm.options /config/jvm.options

# Installs exactly the features server.xml lists (needs network at image build time).
RUN features.sh

# JDBC drivers (H2 for the embedded default, PostgreSQL by configuration), copied by mvn package.
COPY --chown=1001:0 target/jdbc/ /opt/ol/wlp/usr/shared/resources/jdbc/
COPY --chown=1001:0 target/ponybunny.war /config/apps/ponybunny.war

# Production: the built-in simulator is off (its endpoints leave routing); set
# PONYBUNNY_SIMULATOR_ENABLED=true for a demo image that works with no provider key.
# Listen on all interfaces inside the container.
ENV PONYBUNNY_SIMULATOR_ENABLED=false \
    HTTP_HOST="*" \
    WLP_LOGGING_CONSOLE_FORMAT=JSON \
    WLP_LOGGING_CONSOLE_SOURCE=message,trace,accessLog,ffdc

EXPOSE 9080 9443

RUN configure.sh
