/**
 * Offline validation of the Kubernetes manifests (deploy/k8s): no cluster is needed.
 * - Both overlays are built with `kubectl kustomize` (skipped, with the reason printed, where
 *   kubectl is not installed); every built object is checked.
 * - Core objects are validated against the Kubernetes API schemas of the `kubernetes-models`
 *   package (5.x: the OpenAPI schemas of Kubernetes 1.36); the operators' custom resources
 *   against our own schemas in deploy/k8s/schemas (each names the operator version it was
 *   written for). The raw files of base/, migrate/ and the overlays are validated the same way
 *   even without kubectl.
 * - Cross-checks: probes, resources and the non-root security context of every workload; the
 *   autoscalers, disruption budgets, services and network policies select what exists; every
 *   Secret and ConfigMap reference is documented or generated; the Kafka topics match the event
 *   contracts and only the global topics cross regions; the two overlays differ in namespace and
 *   region and produce the same kinds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { AUTH_REPLICATED_CONTRACTS, CATALOG_CONTRACTS, deadLetterTopic, MASTER_REGION, syncDeadLetterTopic, type EventContract, type RegionCode } from '@miw/contracts';
import * as contracts from '@miw/contracts';
import { DomainServiceEnv } from '@miw/config';

type Labels = Record<string, string>;
interface Selector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  resources?: { requests?: Labels; limits?: Labels };
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodTemplate {
  metadata: { labels: Labels };
  spec: {
    containers: Container[];
    securityContext?: { runAsUser?: number } & Record<string, unknown>;
    volumes?: { name: string; emptyDir?: object; secret?: { secretName: string } }[];
  };
}
/** The parts of each kind's spec these checks read. */
interface Specs {
  Deployment: { replicas?: number; template: PodTemplate };
  Job: { template: PodTemplate };
  HorizontalPodAutoscaler: { scaleTargetRef: { apiVersion: string; kind: string; name: string }; minReplicas: number; maxReplicas: number; metrics: unknown[] };
  PodDisruptionBudget: { minAvailable?: number; maxUnavailable?: number; selector: Selector };
  Service: { selector: Labels; ports: { targetPort: string }[] };
  Ingress: { tls?: { secretName: string }[]; rules: { http: { paths: { backend: { service: { name: string } } }[] } }[] };
  NetworkPolicy: { podSelector: Selector; policyTypes: string[]; ingress?: { from?: Peer[]; ports?: unknown[] }[]; egress?: { to?: Peer[]; ports?: unknown[] }[] };
  KafkaTopic: { topicName: string; partitions: number; replicas: number };
  KafkaNodePool: { replicas: number };
  Kafka: { kafka: { listeners: unknown[] } };
  KafkaUser: { authorization: { acls: { resource: { type: string; name: string; patternType: string }; operations: string[] }[] } };
  KafkaMirrorMaker2: {
    target: { bootstrapServers: string };
    mirrors: {
      source: {
        alias: string;
        tls?: { trustedCertificates: { secretName: string; certificate: string }[] };
        authentication?: { passwordSecret?: { secretName: string; password: string } };
      };
      topicsPattern: string;
    }[];
    template?: { pod?: { metadata?: { labels?: Labels } } };
  };
  Cluster: { instances: number; postgresql: { parameters: Record<string, string> }; plugins: { name: string; isWALArchiver?: boolean; parameters: Record<string, string> }[] };
  ObjectStore: { configuration: { destinationPath: string; s3Credentials: Record<'accessKeyId' | 'secretAccessKey', { name: string; key: string }> } };
  ScheduledBackup: { schedule: string; cluster: { name: string } };
}
type Kind = keyof Specs;
/** A Kubernetes object as parsed from YAML. */
interface K8sObject<K extends string = string> {
  apiVersion: string;
  kind: K;
  metadata: { name: string; namespace?: string; labels?: Labels };
  spec: K extends Kind ? Specs[K] : unknown;
  data?: Labels;
}

const ROOT = path.resolve(__dirname, '..', '..');
const K8S = path.join(ROOT, 'deploy', 'k8s');
const OVERLAYS = ['eu', 'cn'] as const;
type Overlay = (typeof OVERLAYS)[number];
const IMAGE = 'ghcr.io/madeinworld/supergraph';
const SUBGRAPHS = ['auth', 'catalog', 'inventory', 'orders', 'notify'];
const AUTOSCALED = ['gateway', ...SUBGRAPHS];
const CUSTOM_KINDS: Record<string, string> = {
  'kafka.strimzi.io/v1 Kafka': 'strimzi-kafka',
  'kafka.strimzi.io/v1 KafkaNodePool': 'strimzi-kafkanodepool',
  'kafka.strimzi.io/v1 KafkaTopic': 'strimzi-kafkatopic',
  'kafka.strimzi.io/v1 KafkaUser': 'strimzi-kafkauser',
  'kafka.strimzi.io/v1 KafkaMirrorMaker2': 'strimzi-kafkamirrormaker2',
  'postgresql.cnpg.io/v1 Cluster': 'cnpg-cluster',
  'postgresql.cnpg.io/v1 ScheduledBackup': 'cnpg-scheduledbackup',
  'barmancloud.cnpg.io/v1 ObjectStore': 'barman-objectstore',
};

const kubectlAvailable = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!kubectlAvailable) process.stdout.write('k8s.test: kubectl is not on PATH: the overlay builds and their cross-checks are skipped; the raw files are still validated\n');
const describeBuilt = kubectlAvailable ? describe : describe.skip;

function parseYaml(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as K8sObject | null;
    return value ? [value] : [];
  });
}

function build(dir: string): K8sObject[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr}`);
  return parseYaml(result.stdout, dir);
}

/** Every manifest file (not the kustomizations) under a folder. */
function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'schemas' ? [] : manifestFiles(full);
    return entry.name.endsWith('.yaml') && entry.name !== 'kustomization.yaml' ? [full] : [];
  });
}

// ---- validation against the API schemas ----

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const schemaValidators = new Map(
  Object.values(CUSTOM_KINDS).map((name) => {
    const schema = JSON.parse(readFileSync(path.join(K8S, 'schemas', `${name}.schema.json`), 'utf8')) as { title: string; $comment: string };
    return [name, { schema, validate: ajv.compile(schema) }];
  }),
);

type CoreModel = new (data: unknown) => { validate(): void };
const coreModels = new Map<string, CoreModel>();
/** kubernetes-models module of a core kind: `apps/v1` + `Deployment` -> `kubernetes-models/apps/v1/Deployment` (an ES module). */
async function coreModel(apiVersion: string, kind: string): Promise<CoreModel> {
  const id = `${apiVersion}/${kind}`;
  if (!coreModels.has(id)) {
    const model = ((await import(`kubernetes-models/${id}`)) as Record<string, CoreModel>)[kind];
    if (!model) throw new Error(`kubernetes-models has no ${apiVersion} ${kind}`);
    coreModels.set(id, model);
  }
  return coreModels.get(id)!;
}

/** The problems of one object against its schema (empty when valid). */
async function schemaProblems(object: K8sObject): Promise<string[]> {
  const where = `${object.kind}/${object.metadata?.name}`;
  const custom = CUSTOM_KINDS[`${object.apiVersion} ${object.kind}`];
  if (custom) {
    const { validate } = schemaValidators.get(custom)!;
    return validate(object) ? [] : (validate.errors ?? []).map((e) => `${where}: ${e.instancePath} ${e.message}`);
  }
  if (/\.(strimzi\.io|cnpg\.io)\//.test(object.apiVersion)) return [`${where}: ${object.apiVersion} ${object.kind} has no schema in deploy/k8s/schemas`];
  try {
    const Model = await coreModel(object.apiVersion, object.kind);
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}

async function expectValid(objects: K8sObject[]): Promise<void> {
  // One at a time: jest's ES module loader fails on concurrent first imports of one module graph.
  const problems: string[] = [];
  for (const object of objects) problems.push(...(await schemaProblems(object)));
  expect(problems).toEqual([]);
}

// ---- helpers over built objects ----

const ofKind = <K extends Kind | 'ConfigMap' | 'Secret'>(objects: K8sObject[], kind: K) => objects.filter((o): o is K8sObject<K> => o.kind === kind);
const one = <K extends Kind>(objects: K8sObject[], kind: K, name: string): K8sObject<K> => {
  const found = ofKind(objects, kind).find((o) => o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
};
const matches = (selector: Labels, labels: Labels) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** A label selector (matchLabels + matchExpressions) against a pod's labels. */
function selects(selector: Selector, labels: Labels): boolean {
  if (!matches(selector.matchLabels ?? {}, labels)) return false;
  return (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return values.includes(labels[key]!);
    if (operator === 'NotIn') return !values.includes(labels[key]!);
    if (operator === 'Exists') return key in labels;
    return !(key in labels);
  });
}

/**
 * The label sets of every pod the overlay runs: our workloads' templates, and the pods the
 * operators create (as documented by CloudNativePG and Strimzi).
 */
function podLabelSets(objects: K8sObject[]): Labels[] {
  const ours = [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')].map((o) => o.spec.template.metadata.labels as Labels);
  const cnpg = ofKind(objects, 'Cluster').map((c) => ({ 'cnpg.io/cluster': c.metadata.name, 'cnpg.io/podRole': 'instance', 'app.kubernetes.io/managed-by': 'cloudnative-pg' }));
  const kafka = ofKind(objects, 'KafkaNodePool').map((pool) => ({ 'strimzi.io/cluster': pool.metadata.labels!['strimzi.io/cluster']!, 'strimzi.io/kind': 'Kafka', 'strimzi.io/pool-name': pool.metadata.name, 'app.kubernetes.io/managed-by': 'strimzi-cluster-operator' }));
  const entityOperator = ofKind(objects, 'Kafka').map((k) => ({ 'strimzi.io/cluster': k.metadata.name, 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': `${k.metadata.name}-entity-operator`, 'app.kubernetes.io/managed-by': 'strimzi-cluster-operator' }));
  const mirror = ofKind(objects, 'KafkaMirrorMaker2').map((m) => ({ 'strimzi.io/cluster': m.metadata.name, 'strimzi.io/kind': 'KafkaMirrorMaker2', 'app.kubernetes.io/managed-by': 'strimzi-cluster-operator', ...(m.spec.template?.pod?.metadata?.labels as Labels) }));
  return [...ours, ...cnpg, ...kafka, ...entityOperator, ...mirror];
}

const podSpecs = (objects: K8sObject[]) => [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')].map((w) => ({ workload: w as K8sObject, pod: w.spec.template.spec }));

/** The documented secrets: the table of docs/operations.md "Secrets" (name -> keys). */
function documentedSecrets(): Map<string, Set<string>> {
  const doc = readFileSync(path.join(ROOT, 'docs', 'operations.md'), 'utf8');
  const section = doc.split(/^### Secrets$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
  const table = new Map<string, Set<string>>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`(miw-[a-z0-9-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name) table.set(name, new Set([...(cells[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!)));
  }
  return table;
}

/** Every (secret, key) a built overlay refers to, and where. */
function secretReferences(objects: K8sObject[]): { name: string; key?: string; where: string }[] {
  const refs: { name: string; key?: string; where: string }[] = [];
  for (const { workload, pod } of podSpecs(objects)) {
    const where = `${workload.kind}/${workload.metadata.name}`;
    for (const c of pod.containers) {
      for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) refs.push({ name: e.valueFrom.secretKeyRef.name, key: e.valueFrom.secretKeyRef.key, where });
      for (const e of c.envFrom ?? []) if (e.secretRef) refs.push({ name: e.secretRef.name, where });
    }
    for (const v of pod.volumes ?? []) if (v.secret) refs.push({ name: v.secret.secretName, where });
  }
  for (const ingress of ofKind(objects, 'Ingress')) for (const tls of ingress.spec.tls ?? []) refs.push({ name: tls.secretName, key: 'tls.crt', where: `Ingress/${ingress.metadata.name}` });
  for (const store of ofKind(objects, 'ObjectStore')) {
    const creds = store.spec.configuration.s3Credentials;
    for (const ref of [creds.accessKeyId, creds.secretAccessKey]) refs.push({ name: ref.name, key: ref.key, where: `ObjectStore/${store.metadata.name}` });
  }
  for (const mm of ofKind(objects, 'KafkaMirrorMaker2')) {
    for (const mirror of mm.spec.mirrors) {
      for (const cert of mirror.source.tls?.trustedCertificates ?? []) refs.push({ name: cert.secretName, key: cert.certificate, where: `KafkaMirrorMaker2/${mm.metadata.name}` });
      const password = mirror.source.authentication?.passwordSecret;
      if (password) refs.push({ name: password.secretName, key: password.password, where: `KafkaMirrorMaker2/${mm.metadata.name}` });
    }
  }
  return refs;
}

const eventContracts = (Object.values(contracts) as unknown[]).filter((v): v is EventContract => !!v && typeof v === 'object' && 'verbs' in v && typeof (v as { topic?: unknown }).topic === 'function');

/** The dead-letter consumers named in docs/events.md (`<region>.dlq.<consumer>.v1`). */
function documentedDeadLetterConsumers(): string[] {
  const doc = readFileSync(path.join(ROOT, 'docs', 'events.md'), 'utf8');
  return [...doc.matchAll(/`<region>\.dlq\.([a-z0-9.-]+)\.v1`/g)].map((m) => m[1]!);
}

/** What region `to` receives from `from`: the sync worker's routes (sync-worker/src/routes.ts). */
const globalTopics = (from: RegionCode): string[] => [...(from === MASTER_REGION ? CATALOG_CONTRACTS : []), ...AUTH_REPLICATED_CONTRACTS].map((c) => c.topic(from));
const otherRegion = (region: Overlay): Overlay => (region === 'eu' ? 'cn' : 'eu');

/** The source file a compiled entry point is built from (`gateway/dist/main.js` -> `gateway/src/main.ts`), if it exists. */
function compiledFrom(entry: string): string | undefined {
  const candidates = [entry.replace('/dist/', '/src/'), entry.replace('/dist/', '/')].map((f) => f.replace(/\.js$/, '.ts'));
  return candidates.find((f) => existsSync(path.join(ROOT, f)));
}

// ---- the tests ----

describe('raw manifests (no kubectl needed)', () => {
  const files = manifestFiles(K8S);

  test('every file parses and every object validates against its schema', async () => {
    expect(files.length).toBeGreaterThan(10);
    const objects = files.flatMap((f) => parseYaml(readFileSync(f, 'utf8'), path.relative(ROOT, f)));
    await expectValid(objects);
    // No Secret with values is ever committed.
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('each operator schema names the operator version it was written for', () => {
    for (const { schema } of schemaValidators.values()) expect(`${schema.title} ${schema.$comment}`).toMatch(/(Strimzi|CloudNativePG|Barman Cloud plugin) \d+\.\d+/);
  });

  test('a manifest with a wrong field fails validation (the checks are live)', async () => {
    const deployment = ofKind(parseYaml(readFileSync(path.join(K8S, 'base', 'apps', 'catalog.yaml'), 'utf8'), 'catalog.yaml'), 'Deployment')[0]!;
    Object.assign(deployment.spec.template.spec.containers[0]!.ports![0]!, { containerPort: 'http' });
    expect((await schemaProblems(deployment)).join()).toMatch(/containerPort must be integer/);
    const topic = ofKind(parseYaml(readFileSync(path.join(K8S, 'eu', 'topics.yaml'), 'utf8'), 'topics.yaml'), 'KafkaTopic')[0]!;
    topic.spec.replicas = 1;
    expect((await schemaProblems(topic)).join()).toMatch(/replicas/);
  });
});

describeBuilt.each(OVERLAYS)('overlay %s (kubectl kustomize)', (region) => {
  let objects: K8sObject[];
  let tag: string;
  beforeAll(() => {
    objects = build(path.join(K8S, region));
    const kustomization = parseYaml(readFileSync(path.join(K8S, region, 'kustomization.yaml'), 'utf8'), 'kustomization')[0] as unknown as { images: { name: string; newTag: string }[] };
    tag = kustomization.images.find((i) => i.name === IMAGE)!.newTag;
  });

  test('builds, and every object validates (Kubernetes 1.36 API schemas; our operator schemas)', async () => {
    expect(objects.length).toBeGreaterThan(50);
    await expectValid(objects);
    expect(ofKind(objects, 'Secret')).toEqual([]);
    for (const o of objects) if (o.kind !== 'Namespace') expect([o.kind, o.metadata.namespace]).toEqual([o.kind, `madeinworld-${region}`]);
  });

  test('every workload has probes, resources and a non-root, read-only security context', () => {
    for (const { workload, pod } of podSpecs(objects)) {
      const name = `${workload.kind}/${workload.metadata.name}`;
      expect([name, pod.securityContext]).toMatchObject([name, { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }]);
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
      const tmp = pod.volumes?.find((v) => v.name === 'tmp');
      expect([name, tmp]).toMatchObject([name, { emptyDir: {} }]);
      for (const c of pod.containers) {
        expect([name, c.securityContext]).toMatchObject([name, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } }]);
        expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
        for (const bound of ['requests', 'limits'] as const) expect([name, bound, Object.keys(c.resources?.[bound] ?? {}).sort()]).toEqual([name, bound, ['cpu', 'memory']]);
        expect(c.image).toBe(`${IMAGE}:${tag}`);
        // The compiled entry point, no TypeScript loader (the Dockerfile lists the commands).
        expect(c.command?.slice(0, 2)).toEqual(['node', '--conditions=miw-dist']);
        expect(c.command?.[2]).toMatch(/^[a-z/-]+\/dist\/[a-z-]+\.js$/);
        expect([name, compiledFrom(c.command![2]!)]).toEqual([name, expect.stringMatching(/\.ts$/)]);
        if (workload.kind !== 'Deployment') continue;
        const port = c.ports?.[0]?.name;
        expect([name, c.livenessProbe?.httpGet]).toEqual([name, { path: '/healthz', port }]);
        expect([name, c.readinessProbe?.httpGet]).toEqual([name, { path: '/readyz', port }]);
        expect(c.env).toContainEqual({ name: 'PORT', value: String(c.ports![0]!.containerPort) });
      }
    }
  });

  test('services listen on all interfaces, in production, in their region', () => {
    const config = ofKind(objects, 'ConfigMap');
    const common = config.find((c) => c.metadata.name.startsWith('miw-config-'))!.data!;
    const regional = config.find((c) => c.metadata.name.startsWith('miw-region-'))!.data!;
    expect(common).toMatchObject({ HOST: '0.0.0.0', NODE_ENV: 'production' });
    expect(regional).toMatchObject({ REGION: region, SYNC_TO: region, SYNC_FROM: otherRegion(region) });
    if (region === MASTER_REGION) expect(regional.MASTER_REGION_ENDPOINT).toBeUndefined();
    else expect(regional.MASTER_REGION_ENDPOINT).toMatch(/^https:\/\//);
  });

  test('each subgraph gets every setting its env model requires', () => {
    const shape = DomainServiceEnv.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
    const required = Object.keys(shape).filter((key) => !shape[key]!.safeParse(undefined).success);
    const configKeys = new Map(ofKind(objects, 'ConfigMap').map((c) => [c.metadata.name, Object.keys(c.data ?? {})]));
    for (const name of SUBGRAPHS) {
      const container = one(objects, 'Deployment', name).spec.template.spec.containers[0] as Container;
      const provided = new Set([...(container.env ?? []).map((e) => e.name), ...(container.envFrom ?? []).flatMap((e) => configKeys.get(e.configMapRef?.name ?? '') ?? [])]);
      expect([name, required.filter((key) => !provided.has(key))]).toEqual([name, []]);
    }
  });

  test('the gateway and every subgraph autoscale from 3 to 20 replicas at 70% CPU', () => {
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual([...AUTOSCALED].sort());
    for (const hpa of hpas) {
      const target = one(objects, 'Deployment', hpa.spec.scaleTargetRef.name);
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: target.metadata.name });
      expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([3, 20]);
      expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
      // The autoscaler owns the count: a replicas field would reset it on every apply.
      expect(target.spec.replicas).toBeUndefined();
    }
  });

  test('every Deployment has a disruption budget and a Service, and both select its pods', () => {
    const deployments = ofKind(objects, 'Deployment');
    const budgets = ofKind(objects, 'PodDisruptionBudget');
    const services = ofKind(objects, 'Service');
    for (const pdb of budgets) {
      expect(pdb.spec.minAvailable === 2 || pdb.spec.maxUnavailable === 1).toBe(true);
      expect(deployments.some((d) => selects(pdb.spec.selector, d.spec.template.metadata.labels))).toBe(true);
    }
    for (const d of deployments) {
      const labels = d.spec.template.metadata.labels as Labels;
      expect([d.metadata.name, budgets.some((b) => selects(b.spec.selector, labels))]).toEqual([d.metadata.name, true]);
      const service = services.find((s) => matches(s.spec.selector, labels));
      expect([d.metadata.name, service?.spec.ports[0]?.targetPort]).toEqual([d.metadata.name, d.spec.template.spec.containers[0]?.ports?.[0]?.name]);
    }
    // The Ingress routes to the gateway's Service.
    expect(one(objects, 'Ingress', 'gateway').spec.rules[0]?.http.paths[0]?.backend.service.name).toBe('gateway');
  });

  test('every Secret and ConfigMap reference names something documented or generated', () => {
    const documented = documentedSecrets();
    const undocumented = secretReferences(objects).filter((ref) => !documented.has(ref.name) || (ref.key !== undefined && !documented.get(ref.name)!.has(ref.key)));
    expect(undocumented).toEqual([]);
    const configMaps = new Set(ofKind(objects, 'ConfigMap').map((c) => c.metadata.name));
    for (const { workload, pod } of podSpecs(objects)) {
      for (const c of pod.containers) {
        const names = [...(c.envFrom ?? []).flatMap((e) => (e.configMapRef ? [e.configMapRef.name] : [])), ...(c.env ?? []).flatMap((e) => (e.valueFrom?.configMapKeyRef ? [e.valueFrom.configMapKeyRef.name] : []))];
        for (const name of names) expect([workload.metadata.name, configMaps.has(name)]).toEqual([workload.metadata.name, true]);
      }
    }
  });

  test('network policies: default deny, and every selector selects pods that exist', () => {
    const policies = ofKind(objects, 'NetworkPolicy');
    const pods = podLabelSets(objects);
    const denyAll = policies.find((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress);
    expect(denyAll?.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
    for (const policy of policies) {
      const name = policy.metadata.name;
      if (Object.keys(policy.spec.podSelector).length) expect([name, pods.some((labels) => selects(policy.spec.podSelector, labels))]).toEqual([name, true]);
      const peers = [...(policy.spec.ingress ?? []).flatMap((r) => r.from ?? []), ...(policy.spec.egress ?? []).flatMap((r) => r.to ?? [])];
      for (const { podSelector, namespaceSelector } of peers) if (podSelector && !namespaceSelector) expect([name, pods.some((labels) => selects(podSelector, labels))]).toEqual([name, true]);
    }
    // Only the gateway (and orders, for inventory's internal routes) reaches a subgraph.
    for (const subgraph of SUBGRAPHS) {
      const labels = one(objects, 'Deployment', subgraph).spec.template.metadata.labels as Labels;
      const from = policies.filter((p) => selects(p.spec.podSelector, labels)).flatMap((p) => (p.spec.ingress ?? []).flatMap((r) => r.from ?? []));
      const callers = from.map((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] ?? peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ?? '?');
      expect([subgraph, [...new Set(callers)].sort()]).toEqual([subgraph, (subgraph === 'inventory' ? ['gateway', 'monitoring', 'orders'] : ['gateway', 'monitoring'])]);
    }
    // The database admits our database clients only; the mirror's cross-region egress is explicit.
    const pg = policies.find((p) => p.metadata.name === 'postgres')!;
    expect(pg.spec.ingress?.[0]).toEqual({ from: [{ podSelector: { matchLabels: { 'miw.dev/db-client': 'true' } } }], ports: [{ protocol: 'TCP', port: 5432 }] });
    const mirrorEgress = one(objects, 'NetworkPolicy', 'mirror-maker-to-remote-kafka').spec.egress;
    expect(mirrorEgress).toEqual([{ to: [{ ipBlock: { cidr: expect.stringMatching(/^[\d.]+\/\d+$/) } }], ports: [{ protocol: 'TCP', port: 9094 }] }]);
  });

  test('Kafka topics: every contract and dead-letter topic of the region, replication 3', () => {
    const topics = new Map(ofKind(objects, 'KafkaTopic').map((t) => [t.spec.topicName as string, t]));
    const local = eventContracts.filter((c) => c.domain !== 'catalog' || c.name === 'catalog.audit.v1' || region === MASTER_REGION).map((c) => c.topic(region));
    const deadLetters = [...documentedDeadLetterConsumers().map((consumer) => deadLetterTopic(region, consumer)), syncDeadLetterTopic(otherRegion(region), region)];
    const mirrored = globalTopics(otherRegion(region));
    expect(deadLetters.length).toBeGreaterThan(10);
    expect([...topics.keys()].sort()).toEqual([...local, ...deadLetters, ...mirrored].sort());
    for (const t of topics.values()) expect(t.metadata.labels).toMatchObject({ 'strimzi.io/cluster': one(objects, 'Kafka', 'miw-kafka').metadata.name });
  });

  test('only the global topics cross regions (MirrorMaker 2 pattern and the remote reader ACLs)', () => {
    const mirror = one(objects, 'KafkaMirrorMaker2', 'miw-mirror');
    const [route] = mirror.spec.mirrors;
    expect(mirror.spec.mirrors).toHaveLength(1);
    const pattern = new RegExp(`^(?:${route!.topicsPattern})$`);
    const remoteTopics = eventContracts.map((c) => c.topic(otherRegion(region)));
    expect(remoteTopics.filter((t) => pattern.test(t)).sort()).toEqual(globalTopics(otherRegion(region)).sort());
    expect(route!.source.alias).toBe(otherRegion(region));
    expect(mirror.spec.target.bootstrapServers).toBe('miw-kafka-kafka-bootstrap:9092');
    // This region's reader (used by the other region's mirror) may read exactly this region's global topics.
    const reader = one(objects, 'KafkaUser', 'miw-mirror-reader');
    const readable = reader.spec.authorization.acls.map((acl) => {
      expect(acl.resource).toMatchObject({ type: 'topic', patternType: 'literal' });
      expect(acl.operations.sort()).toEqual(['Describe', 'Read']);
      return acl.resource.name;
    });
    expect(readable.sort()).toEqual(globalTopics(region).sort());
  });

  test('backups meet RPO 1 h: WAL archived at least every 5 minutes, a base backup daily', () => {
    const cluster = one(objects, 'Cluster', 'miw-pg');
    expect(cluster.spec.instances).toBe(3);
    const timeout = /^(\d+)(s|min)$/.exec(cluster.spec.postgresql.parameters.archive_timeout ?? '')!;
    expect(Number(timeout[1]) * (timeout[2] === 'min' ? 60 : 1)).toBeLessThanOrEqual(300);
    const archiver = cluster.spec.plugins.find((p) => p.isWALArchiver)!;
    const store = one(objects, 'ObjectStore', archiver.parameters.barmanObjectName ?? '');
    expect(store.spec.configuration.destinationPath).toContain(`-${region}/`);
    const backup = ofKind(objects, 'ScheduledBackup')[0]!;
    expect(backup.spec.cluster.name).toBe('miw-pg');
    const [, , , dayOfMonth, month, dayOfWeek] = backup.spec.schedule.split(' ');
    expect([dayOfMonth, month, dayOfWeek]).toEqual(['*', '*', '*']);
  });

  test('the migration Job is named after the release, and its own folder builds the same Job', () => {
    const job = ofKind(objects, 'Job');
    expect(job.map((j) => j.metadata.name)).toEqual([`migrate-${tag}`]);
    expect(job[0]!.spec.template.spec.containers[0]!.env).toContainEqual({ name: 'REGION', value: region });
    expect(build(path.join(K8S, region, 'migrate'))).toEqual(job);
  });
});

describeBuilt('the two overlays', () => {
  test('differ in namespace and region, and produce the same kinds', () => {
    const [eu, cn] = OVERLAYS.map((r) => build(path.join(K8S, r)));
    const kinds = (objects: K8sObject[]) => objects.map((o) => `${o.apiVersion} ${o.kind}`).sort();
    expect(kinds(eu!)).toEqual(kinds(cn!));
    expect(new Set(eu!.map((o) => o.metadata.namespace ?? o.metadata.name))).toEqual(new Set(['madeinworld-eu']));
    expect(new Set(cn!.map((o) => o.metadata.namespace ?? o.metadata.name))).toEqual(new Set(['madeinworld-cn']));
    // Same-numbered partitions on both sides of the mirror: a mirrored record keeps its partition.
    const partitions = (objects: K8sObject[]) => new Map(ofKind(objects, 'KafkaTopic').map((t) => [t.spec.topicName as string, t.spec.partitions as number]));
    const [euTopics, cnTopics] = [partitions(eu!), partitions(cn!)];
    for (const topic of globalTopics('eu')) expect([topic, cnTopics.get(topic)]).toEqual([topic, euTopics.get(topic)]);
    for (const topic of globalTopics('cn')) expect([topic, euTopics.get(topic)]).toEqual([topic, cnTopics.get(topic)]);
  });
});
