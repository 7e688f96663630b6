#!/usr/bin/env bash
# Installs AWS's DynamoDB Local (Maven Central: software.amazon.dynamodb:DynamoDBLocal) for the tests
# that run against the real emulator. Needs Java 17+ and Maven; no sudo. Idempotent: a marker file
# with the version makes a second run a no-op.
#
# Layout of ${DDB_LOCAL_HOME:-$HOME/.cache/ddb-migrations/dynamodb-local}:
#   lib/DynamoDBLocal.jar, lib/*.jar   runtime classpath (versions stripped from the names)
#   native/libsqlite4java-linux-amd64.so   sqlite4java's JNI library (-Djava.library.path=native)
#   .installed                         the installed DynamoDB Local version
set -euo pipefail

DDB_LOCAL_VERSION="${DDB_LOCAL_VERSION:-3.3.1}"
# The sqlite4java version DynamoDBLocal 3.3.1's pom pins (property sqlite4java.version).
SQLITE4JAVA_VERSION="${SQLITE4JAVA_VERSION:-1.0.392}"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
install_dir="${DDB_LOCAL_HOME:-$HOME/.cache/ddb-migrations/dynamodb-local}"
marker="$install_dir/.installed"

if [ -f "$marker" ] && [ "$(cat "$marker")" = "$DDB_LOCAL_VERSION" ] \
  && [ -f "$install_dir/lib/DynamoDBLocal.jar" ] && [ -f "$install_dir/native/libsqlite4java-linux-amd64.so" ]; then
  echo "DynamoDB Local $DDB_LOCAL_VERSION already installed: $install_dir"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "install-dynamodb-local.sh: only linux-amd64 is supported (this is $(uname -s)-$(uname -m))" >&2; exit 1 ;;
esac
for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-dynamodb-local.sh: '$tool' is not on PATH" >&2; exit 1; }
done

mkdir -p "$(dirname "$install_dir")"
work="$(mktemp -d "$(dirname "$install_dir")/.dynamodb-local-install.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The other platforms' native libraries are runtime dependencies of DynamoDBLocal: exclude them so
# only linux-amd64's is downloaded.
cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.ddb-migrations</groupId>
  <artifactId>dynamodb-local-install</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>software.amazon.dynamodb</groupId>
      <artifactId>DynamoDBLocal</artifactId>
      <version>$DDB_LOCAL_VERSION</version>
      <exclusions>
        <exclusion><groupId>com.almworks.sqlite4java</groupId><artifactId>libsqlite4java-linux-i386</artifactId></exclusion>
        <exclusion><groupId>com.almworks.sqlite4java</groupId><artifactId>sqlite4java-win32-x64</artifactId></exclusion>
        <exclusion><groupId>com.almworks.sqlite4java</groupId><artifactId>sqlite4java-win32-x86</artifactId></exclusion>
        <exclusion><groupId>com.almworks.sqlite4java</groupId><artifactId>libsqlite4java-osx</artifactId></exclusion>
        <exclusion><groupId>junit</groupId><artifactId>junit</artifactId></exclusion>
      </exclusions>
    </dependency>
    <dependency>
      <groupId>com.almworks.sqlite4java</groupId>
      <artifactId>libsqlite4java-linux-amd64</artifactId>
      <version>$SQLITE4JAVA_VERSION</version>
      <type>so</type>
      <scope>runtime</scope>
    </dependency>
  </dependencies>
</project>
POM

echo "installing DynamoDB Local $DDB_LOCAL_VERSION from Maven Central into $install_dir"
if ! mvn -B -Dstyle.color=never -f "$work/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
  -DincludeScope=runtime -Dmdep.useRepositoryLayout=false -Dmdep.stripVersion=true \
  -DoutputDirectory="$work/out/lib" >"$work/mvn.log" 2>&1; then
  cat "$work/mvn.log" >&2
  echo "install-dynamodb-local.sh: Maven failed (log above)" >&2
  exit 1
fi

mkdir -p "$work/out/native"
mv "$work/out/lib/libsqlite4java-linux-amd64.so" "$work/out/native/libsqlite4java-linux-amd64.so"
[ -f "$work/out/lib/DynamoDBLocal.jar" ] || { echo "install-dynamodb-local.sh: DynamoDBLocal.jar was not downloaded" >&2; exit 1; }
echo "$DDB_LOCAL_VERSION" >"$work/out/.installed"

rm -rf "$install_dir"
mv "$work/out" "$install_dir"
echo "DynamoDB Local $DDB_LOCAL_VERSION installed: $install_dir"
