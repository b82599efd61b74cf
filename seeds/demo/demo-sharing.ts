import type { DemoClient } from './demo-client';
import { expectStatus } from './demo-client';
import { DEMO_AGENCIES, type DemoAgency } from './demo-city';

/**
 * The sharing the demo city starts with (Art. 14 of the Guangzhou measures): access requests for
 * 有条件 items of the registries — some approved by their provider (with the narrowing a provider
 * uses: a quota, masked items, a row scope), some still pending in the provider's inbox — and the
 * feed subscriptions of the consumers that hold grants. 市民政局 has nothing yet: the README's
 * walkthrough makes its request.
 */
interface DemoRequest {
  readonly consumer: DemoAgency;
  readonly registry: string;
  readonly purpose: 'administrative_basis' | 'work_reference' | 'data_verification' | 'business_collaboration';
  readonly basis: string;
  readonly items: readonly string[];
  readonly rowScope?: readonly string[];
  /** The provider's decision; absent: the request stays pending. */
  readonly approval?: Record<string, unknown>;
  readonly subscribe?: boolean;
}

const DEMO_REQUESTS: readonly DemoRequest[] = [
  {
    consumer: DEMO_AGENCIES.tax,
    registry: 'legal-persons',
    purpose: 'administrative_basis',
    basis: '《中华人民共和国税收征收管理法》第十五条（税务登记）',
    items: ['registered_capital', 'business_scope', 'tax_registrations'],
    approval: { quota: { requestsPerDay: 10_000 } },
    subscribe: true,
  },
  {
    consumer: DEMO_AGENCIES.health,
    registry: 'population',
    purpose: 'business_collaboration',
    basis: '《中华人民共和国基本医疗卫生与健康促进法》第四十九条（家庭医生签约服务）',
    items: ['residence_address', 'residence_division'],
    rowScope: ['4401'],
    approval: { maskedItems: ['residence_address'] },
    subscribe: true,
  },
  {
    consumer: DEMO_AGENCIES.tianheCivilAffairs,
    registry: 'population',
    purpose: 'business_collaboration',
    basis: '《社会救助暂行办法》第十一条（最低生活保障家庭经济状况核查）',
    items: ['marital_status', 'children_count'],
    rowScope: ['440106'],
  },
  {
    consumer: DEMO_AGENCIES.tax,
    registry: 'population',
    purpose: 'data_verification',
    basis: '《中华人民共和国个人所得税法》第十五条（任职受雇单位核对）',
    items: ['employer_name', 'employer_credit_code'],
  },
];

const GRANT_DAYS = 180;

export interface SharingSummary {
  readonly approved: number;
  readonly pending: number;
  readonly subscriptions: number;
}

/** Makes each demo request once (a consumer's request for a resource is looked up first), then its subscription. */
export async function ensureSharing(client: DemoClient): Promise<SharingSummary> {
  const installed = await registriesByCode(client);
  let approved = 0;
  let pending = 0;
  let subscriptions = 0;
  for (const request of DEMO_REQUESTS) {
    const registry = installed.get(request.registry);
    if (!registry) throw new Error(`the ${request.registry} registry is not installed`);
    const state = await ensureRequest(client, request, registry);
    if (state === 'approved') approved += 1;
    if (state === 'pending') pending += 1;
    if (request.subscribe && state === 'approved') {
      await ensureSubscription(client, request.consumer.code, registry.resourceCode);
      subscriptions += 1;
    }
  }
  return { approved, pending, subscriptions };
}

interface InstalledRegistry {
  readonly resourceCode: string;
  readonly providerCode: string;
}

async function registriesByCode(client: DemoClient): Promise<Map<string, InstalledRegistry>> {
  const response = await client.call('GET', '/registries', DEMO_AGENCIES.civilAffairs.code);
  expectStatus(response, [200], 'list the installed registries');
  const items = response.body.items as Array<InstalledRegistry & { registry: string }>;
  return new Map(items.map((item) => [item.registry, item]));
}

async function ensureRequest(client: DemoClient, request: DemoRequest, registry: InstalledRegistry): Promise<string> {
  const made = (await openRequest(client, request, registry)) ?? (await makeRequest(client, request, registry));
  // The approval is asked for whenever the request is still pending: a run stopped between the two finishes here.
  if (!request.approval || made.state !== 'pending') return made.state;
  const decided = await client.call('POST', `/access-requests/${made.id}/approve`, registry.providerCode, request.approval);
  expectStatus(decided, [200], `approve the request of ${request.consumer.code} to ${registry.resourceCode}`);
  return String(decided.body.state);
}

interface MadeRequest {
  readonly id: string;
  readonly state: string;
  readonly application: { readonly items: readonly string[] };
}

/** The consumer's request for these items that is still open or granted; a rejected, withdrawn, expired or revoked one is asked again. */
async function openRequest(
  client: DemoClient,
  request: DemoRequest,
  registry: InstalledRegistry,
): Promise<MadeRequest | undefined> {
  const path = `/access-requests?as=consumer&resource=${encodeURIComponent(registry.resourceCode)}`;
  const existing = await client.call('GET', path, request.consumer.code);
  expectStatus(existing, [200], `list the requests of ${request.consumer.code}`);
  return (existing.body.items as MadeRequest[]).find(
    (made) =>
      (made.state === 'pending' || made.state === 'approved') &&
      request.items.every((item) => made.application.items.includes(item)),
  );
}

async function makeRequest(client: DemoClient, request: DemoRequest, registry: InstalledRegistry): Promise<MadeRequest> {
  const made = await client.call('POST', `/catalog/resources/${registry.resourceCode}/access-requests`, request.consumer.code, {
    purpose: request.purpose,
    basis: request.basis,
    items: request.items,
    ...(request.rowScope ? { rowScope: { divisions: request.rowScope } } : {}),
    validTo: new Date(Date.now() + GRANT_DAYS * 86_400_000).toISOString(),
  });
  expectStatus(made, [201], `request access to ${registry.resourceCode} for ${request.consumer.code}`);
  return made.body as unknown as MadeRequest;
}

async function ensureSubscription(client: DemoClient, consumer: string, resource: string): Promise<void> {
  const existing = await client.call('GET', '/subscriptions', consumer);
  expectStatus(existing, [200], `list the subscriptions of ${consumer}`);
  if ((existing.body.items as Array<{ resource: string }>).some((subscription) => subscription.resource === resource)) return;
  const created = await client.call('POST', '/subscriptions', consumer, { resource, delivery: 'feed' });
  expectStatus(created, [201], `subscribe ${consumer} to ${resource}`);
}
