#!/usr/bin/env bash
# Installs the external tools the test suite drives, on a fresh Debian machine (run as root):
# the AWS CLI and shellcheck from Debian, cfn-lint, moto and a newer AWS CLI (v1) from PyPI, yarn from npm, DynamoDB Local from Maven Central. Each step is skipped when present.
set -euo pipefail

apt_packages=()
[ -x /usr/bin/aws ] || apt_packages+=(awscli)
command -v shellcheck >/dev/null 2>&1 || apt_packages+=(shellcheck)
# DynamoDB Local needs Java 17+ and Maven; machines of this kind have them, plain Debian does not.
command -v java >/dev/null 2>&1 || apt_packages+=(default-jre-headless)
command -v mvn >/dev/null 2>&1 || apt_packages+=(maven)
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "installing from Debian: ${apt_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

# True when some `aws` on PATH knows every flag the scripts may pass (v1 >= 1.36.35, v2 >= 2.22.30, for
# RecoveryPeriodInDays; see AWS_CLI_FEATURES in packages/core/src/cli-arguments.ts): the conformance
# suite runs the scripts of a schema that uses them all. Debian's is 2.9.19.
has_modern_aws_cli() {
  local candidate version minimum
  for candidate in $(type -ap aws); do
    version="$("$candidate" --version 2>&1 | sed -n 's|^aws-cli/\([0-9.]*\).*|\1|p')"
    case "$version" in 1.*) minimum=1.36.35 ;; 2.*) minimum=2.22.30 ;; *) continue ;; esac
    [ "$(printf '%s\n' "$minimum" "$version" | sort -V | head -n 1)" = "$minimum" ] && return 0
  done
  return 1
}

pip_packages=()
has_modern_aws_cli || pip_packages+=('awscli>=1.36.35,<2')
command -v cfn-lint >/dev/null 2>&1 || pip_packages+=('cfn-lint>=1.20,<2')
# moto's server: a local CloudFormation (and DynamoDB) to deploy the generated template into.
command -v moto_server >/dev/null 2>&1 || pip_packages+=('moto[server]>=5,<6')
if [ ${#pip_packages[@]} -gt 0 ]; then
  echo "installing from PyPI: ${pip_packages[*]}"
  python3 -m pip install --quiet --disable-pip-version-check "${pip_packages[@]}"
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
fi

# Yarn (classic) for the package test, which installs the packed CLI with npm, pnpm and yarn.
if ! command -v yarn >/dev/null 2>&1; then
  echo "installing from npm: yarn@1.22.22"
  npm install -g --silent yarn@1.22.22
fi

# DynamoDB Local (AWS's emulator) from Maven Central, for what dynalite lacks: TTL, GSI creation on
# on-demand tables, deletion protection.
bash "$(dirname "$0")/install-dynamodb-local.sh"

# Terraform and the hashicorp/aws provider (the suite's Terraform path runs them; no registry access at
# test time: `terraform init -plugin-dir`). From releases.hashicorp.com, pinned, only when missing.
TERRAFORM_VERSION=1.11.4
TF_AWS_PROVIDER_VERSION=5.100.0
tf_plugin_dir="${TF_PLUGIN_DIR:-/opt/tf-plugins}"
tf_provider_dir="$tf_plugin_dir/registry.terraform.io/hashicorp/aws/$TF_AWS_PROVIDER_VERSION/linux_amd64"
if ! command -v terraform >/dev/null 2>&1 || [ ! -d "$tf_plugin_dir/registry.terraform.io/hashicorp/aws" ]; then
  tf_tmp="$(mktemp -d)"
  if ! command -v terraform >/dev/null 2>&1; then
    echo "installing terraform $TERRAFORM_VERSION from releases.hashicorp.com"
    curl -fsSL -o "$tf_tmp/terraform.zip" "https://releases.hashicorp.com/terraform/$TERRAFORM_VERSION/terraform_${TERRAFORM_VERSION}_linux_amd64.zip"
    unzip -q -o "$tf_tmp/terraform.zip" terraform -d /usr/local/bin
  fi
  if [ ! -d "$tf_plugin_dir/registry.terraform.io/hashicorp/aws" ]; then
    echo "installing hashicorp/aws $TF_AWS_PROVIDER_VERSION into $tf_plugin_dir"
    curl -fsSL -o "$tf_tmp/provider.zip" "https://releases.hashicorp.com/terraform-provider-aws/$TF_AWS_PROVIDER_VERSION/terraform-provider-aws_${TF_AWS_PROVIDER_VERSION}_linux_amd64.zip"
    mkdir -p "$tf_provider_dir"
    unzip -q -o "$tf_tmp/provider.zip" -d "$tf_provider_dir"
  fi
  rm -rf "$tf_tmp"
fi
