#!/usr/bin/env bash
# Compares every order's version in the read model (PostgreSQL) with its stream in the event store (MongoDB) and lists
# the orders where they differ. Run it when GET /projection shows lag 0. Exit code 0: no drift; 1: drift; 2: error.
#   deploy/drift-check.sh                                   the local stack's default addresses
#   deploy/drift-check.sh --mongodb-uri='mongodb://localhost:27017/?directConnection=true' \
#       --postgres-url=jdbc:postgresql://localhost:5432/orders --postgres-user=orders --postgres-password=…
# MONGODB_URI, MONGODB_DATABASE, POSTGRES_URL, POSTGRES_USER and POSTGRES_PASSWORD work too; flags win.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

classpath_file="$root/local-stack/target/tools.classpath"
if [ ! -f "$classpath_file" ]; then
  (cd "$root" && ./mvnw -B -q package -DskipTests -pl local-stack -am)
fi
java=$("$root/deploy/find-java.sh")
exec "$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/local-stack/target/classes:$(cat "$classpath_file")" io.orderpipeline.localstack.DriftCheck "$@"
