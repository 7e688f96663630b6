/**
 * The conformance suite for one engine: for each fixture, every path creates the tables in its own
 * region (or engine), each result is compared with the schema and with the SDK path's, and the real
 * Shopify session adapter runs on every session table every path created.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTerraform, runSessionAdapterBattery } from '@ddb-migrations/test-support';
import { createRecordingShim, findModernAwsCli, RequestResolver, type RecordedCall, type RecordingShim } from './aws-cli.js';
import { clientFor, fieldsOf, LOCAL_CREDENTIALS, PATH_REGIONS, type EngineProfile, type PathName, type RunningEngine } from './engines.js';
import { FIXTURES, prepareFixture, type PreparedFixture } from './fixtures.js';
import { differences, expectedTable, readNormalizedTable, UNSUPPORTED, withoutSettings, type FieldDifference, type NormalizedField, type NormalizedTable } from './normalize.js';
import { runBashPath, runCloudFormationPath, runSdkPath, type PathContext } from './paths.js';
import { runPowerShellPath } from './powershell-path.js';
import { runTerraformPath, type TerraformPathResult } from './terraform-path.js';

const REFERENCE_PATH: PathName = 'sdk';

const show = (value: unknown) => JSON.stringify(value);
const describeDifferences = (label: string, found: FieldDifference[]) =>
  found.map((difference) => `${label}: ${difference.field}: expected ${show(difference.expected)}, got ${show(difference.actual)}`);

export function describeConformance(profile: EngineProfile): void {
  // Evaluated at collection time so a missing tool is a loud skip, or a failure under CI=true.
  const aws = profile.available() ? findModernAwsCli() : undefined;
  // Without terraform (a loud skip, or a failure under CI=true) only the Terraform path is left out.
  const terraform = aws && profile.paths.includes('terraform') ? findTerraform() : undefined;
  const paths = profile.paths.filter((path) => path !== 'terraform' || terraform);

  describe.skipIf(!aws)(`conformance on ${profile.name}`, () => {
    for (const fixture of FIXTURES) {
      describe(`${fixture.name} fixture`, () => {
        let prepared: PreparedFixture;
        let shim: RecordingShim;
        let resolver: RequestResolver;
        let shared: RunningEngine | undefined;
        const engines: RunningEngine[] = [];
        const contexts = new Map<PathName, PathContext>();
        const results = new Map<PathName, Map<string, NormalizedTable>>();
        let bashCalls = new Map<string, RecordedCall[]>();
        let terraformRun: Promise<TerraformPathResult> | undefined;
        /** Schema settings a path ran without (and says so), left out of its comparison with the reference. */
        const withheldOn = new Map<PathName, readonly string[]>();

        beforeAll(async () => {
          prepared = await prepareFixture(fixture, profile.unsupported.map((gap) => gap.feature));
          shim = createRecordingShim(aws!);
          resolver = new RequestResolver(aws!);
          if (terraform) {
            // Terraform is the slowest path (a provider process per command): it runs beside the
            // others in its own region or engine, and its test awaits it.
            terraformRun = runTerraformPath(await contextFor('terraform'), terraform, aws!, profile.terraformPlanGap);
            terraformRun.catch(() => undefined);
          }
        });
        afterAll(async () => {
          await resolver?.close();
          for (const context of contexts.values()) context.client.destroy();
          await Promise.all(engines.map((engine) => engine.close()));
        });

        const removedFields: NormalizedField[] = fieldsOf(profile.unsupported.map((gap) => gap.feature));
        const droppedOn = (path: PathName) => (profile.ignoredOnPath?.[path] ?? []).map((gap) => gap.field);

        async function contextFor(path: PathName): Promise<PathContext> {
          let engine = shared;
          if (!engine) {
            engine = await profile.start();
            engines.push(engine);
            if (profile.isolation === 'region') shared = engine;
          }
          const region = PATH_REGIONS[path];
          const context = { fixture: prepared, endpoint: engine.endpoint, region, client: clientFor(engine.endpoint, region) };
          contexts.set(path, context);
          return context;
        }

        for (const path of paths) {
          it(`${path}: creates every table as the schema says`, async () => {
            const context = path === 'terraform' ? contexts.get(path)! : await contextFor(path);
            let declared = new Map<string, Partial<NormalizedTable>>();
            let kmsAliases = new Map<string, string>();
            let schema = prepared.schema;
            if (path === 'sdk') await runSdkPath(context);
            if (path === 'bash') bashCalls = await runBashPath(context, shim);
            if (path === 'powershell') await runPowerShellPath(context, aws!, resolver, bashCalls);
            if (path === 'terraform') {
              // The Terraform path may run the schema less settings the provider here cannot apply.
              const run = await terraformRun!;
              ({ kmsAliases, schema } = run);
              withheldOn.set(path, run.withheld);
            }
            if (path === 'cloudformation') declared = await runCloudFormationPath(context, aws!);

            const tables = new Map<string, NormalizedTable>();
            const mismatches: string[] = [];
            const dropped = droppedOn(path);
            for (const table of schema.tables) {
              const expected = expectedTable(table);
              const actual = await readNormalizedTable(context.client, table.name, { skip: profile.skipReads });
              // Terraform passes the key ARN its data source found for the schema's alias.
              const [, keyArn] = actual.encryption.split(' ');
              if (keyArn && kmsAliases.has(keyArn)) actual.encryption = `KMS ${kmsAliases.get(keyArn)}`;
              tables.set(table.name, actual);
              // A removed feature's field may read as "unsupported" instead of its default.
              const found = differences(expected, actual, dropped).filter((d) => !(removedFields.includes(d.field) && d.actual === UNSUPPORTED));
              mismatches.push(...describeDifferences(`${path} ${table.name}`, found));
              // What the emulator dropped must at least be declared as the schema says.
              for (const field of droppedOn(path)) {
                const value = declared.get(table.name)?.[field];
                if (show(value) !== show(expected[field])) mismatches.push(`${path} ${table.name}: ${field} (declared): expected ${show(expected[field])}, got ${show(value)}`);
              }
            }
            results.set(path, tables);
            expect(mismatches).toEqual([]);
          });
        }

        it(`every path created the same tables as the ${REFERENCE_PATH} path`, () => {
          expect([...results.keys()].sort()).toEqual([...paths].sort());
          const reference = results.get(REFERENCE_PATH)!;
          const mismatches: string[] = [];
          for (const [path, tables] of results) {
            for (const [name, table] of tables) {
              const expected = withoutSettings(reference.get(name)!, withheldOn.get(path) ?? []);
              mismatches.push(...describeDifferences(`${path} ${name} (vs ${REFERENCE_PATH})`, differences(expected, table, droppedOn(path))));
            }
          }
          expect(mismatches).toEqual([]);
        });

        it('the Shopify session adapter stores, loads, finds and deletes on every path', async () => {
          expect(contexts.size).toBe(paths.length);
          for (const [path, context] of contexts) {
            for (const tableName of fixture.sessionTables) {
              const report = await runSessionAdapterBattery({
                endpoint: context.endpoint,
                tableName,
                region: context.region,
                credentials: LOCAL_CREDENTIALS,
              }).catch((error: Error) => {
                throw new Error(`${path} ${tableName}: ${error.message}`);
              });
              expect(report.stored, `${path} ${tableName}`).toBeGreaterThan(0);
            }
          }
        });
      });
    }
  });
}

/**
 * Each gap engines.ts lists with a probe is still there, exactly as written: an engine that gains the
 * feature, or refuses it differently, fails here until its entry (and docs/conformance.md) is updated.
 */
export function describeEngineGaps(profile: EngineProfile): void {
  const probed = profile.unsupported.filter((gap) => gap.probe);
  describe.skipIf(!profile.available())(`the gaps of ${profile.name}`, () => {
    let engine: RunningEngine;
    let client: ReturnType<typeof clientFor>;
    beforeAll(async () => {
      engine = await profile.start();
      client = clientFor(engine.endpoint, PATH_REGIONS.sdk);
    });
    afterAll(async () => {
      client?.destroy();
      await engine?.close();
    });
    for (const gap of probed) {
      it(`${gap.feature}: ${gap.why}`, async () => {
        expect(await gap.probe!.run(client)).toBe(gap.probe!.observed);
      });
    }
  });
}
