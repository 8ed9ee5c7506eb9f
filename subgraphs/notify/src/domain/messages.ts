/**
 * What each notification of an inventory or order event says, in English and Simplified Chinese.
 * Pure: the facts come from the event (short ids, quantities, statuses), the words from here.
 * Ids are shown as their first 8 characters in upper case (what people read aloud on the phone);
 * the link of the notification carries the full id.
 */
import type { Locale } from '@miw/contracts';

export interface Text {
  title: string;
  body: string;
}

export type StockRequestFacts = { requestId: string; lines: number; units: number; reason?: string | null };
export type ShipmentFacts = { shipmentId: string; status: string; reason?: string | null; units: number };
type DiscrepancyFacts = { shipmentId: string; lines: number; missing: number; extra: number };
type LowStockFacts = { productId: string; storeId: string; available: number; threshold: number };
/** `audience` tells the shopper's wording from the store partner's. */
export type OrderFacts = { orderId: string; totalAmount: number; currency: string; audience: 'shopper' | 'store'; cancelReason?: string | null };

/** The first 8 characters of an id, upper-cased: short enough to read, long enough to find. */
export const shortId = (id: string): string => id.slice(0, 8).toUpperCase();

/** Minor units as the currency writes them (2 decimals for EUR, none for JPY), with its code. */
export function money(amount: number, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown code (the contract only checks its length) keeps two decimals.
  }
  return `${(amount / 10 ** digits).toFixed(digits)} ${currency}`;
}

const pick = (locale: Locale, en: Text, zh: Text): Text => (locale === 'zh-CN' ? zh : en);

export function stockRequestCreated(f: StockRequestFacts, locale: Locale): Text {
  const id = shortId(f.requestId);
  return pick(
    locale,
    { title: `New stock request ${id}`, body: `Stock request ${id} asks for ${f.units} units across ${f.lines} products.` },
    { title: `新的补货申请 ${id}`, body: `补货申请 ${id} 共申请 ${f.lines} 种商品，合计 ${f.units} 件。` },
  );
}

export function stockRequestApproved(f: StockRequestFacts, locale: Locale): Text {
  const id = shortId(f.requestId);
  return pick(
    locale,
    { title: `Stock request ${id} approved`, body: `Stock request ${id} was approved for ${f.units} units.` },
    { title: `补货申请 ${id} 已批准`, body: `补货申请 ${id} 已获批准，批准数量 ${f.units} 件。` },
  );
}

export function stockRequestRejected(f: StockRequestFacts, locale: Locale): Text {
  const id = shortId(f.requestId);
  return pick(
    locale,
    { title: `Stock request ${id} rejected`, body: `Stock request ${id} was rejected${f.reason ? `: ${f.reason}` : '.'}` },
    { title: `补货申请 ${id} 已驳回`, body: `补货申请 ${id} 已被驳回${f.reason ? `，原因：${f.reason}` : '。'}` },
  );
}

export function stockRequestAcknowledged(f: StockRequestFacts, locale: Locale): Text {
  const id = shortId(f.requestId);
  return pick(
    locale,
    { title: `Stock request ${id} acknowledged`, body: `The manufacturers acknowledged stock request ${id} and are preparing ${f.units} units.` },
    { title: `补货申请 ${id} 已确认`, body: `制造商已确认补货申请 ${id}，正在备货 ${f.units} 件。` },
  );
}

const SHIPMENT_STATUS: Record<string, { en: string; zh: string }> = {
  CREATED: { en: 'created', zh: '已创建' },
  PICKED_UP: { en: 'picked up', zh: '已揽收' },
  IN_TRANSIT: { en: 'in transit', zh: '运输中' },
  OUT_FOR_DELIVERY: { en: 'out for delivery', zh: '派送中' },
  DELIVERED: { en: 'delivered', zh: '已送达' },
  EXCEPTION: { en: 'in exception', zh: '异常' },
};
const statusWords = (status: string) => SHIPMENT_STATUS[status] ?? { en: status.toLowerCase().replace(/_/g, ' '), zh: status };

export function shipmentAssigned(f: ShipmentFacts, locale: Locale): Text {
  const id = shortId(f.shipmentId);
  return pick(
    locale,
    { title: `Shipment ${id} assigned`, body: `Shipment ${id} (${f.units} units) was assigned to a logistics provider.` },
    { title: `货运 ${id} 已指派`, body: `货运 ${id}（共 ${f.units} 件）已指派给物流服务商。` },
  );
}

export function shipmentStatusChanged(f: ShipmentFacts, locale: Locale): Text {
  const id = shortId(f.shipmentId);
  const words = statusWords(f.status);
  return pick(
    locale,
    { title: `Shipment ${id} ${words.en}`, body: `Shipment ${id} is now ${words.en}.` },
    { title: `货运 ${id}：${words.zh}`, body: `货运 ${id} 当前状态：${words.zh}。` },
  );
}

export function shipmentException(f: ShipmentFacts, locale: Locale): Text {
  const id = shortId(f.shipmentId);
  return pick(
    locale,
    { title: `Problem with shipment ${id}`, body: `Shipment ${id} reported an exception${f.reason ? `: ${f.reason}` : '.'}` },
    { title: `货运 ${id} 出现异常`, body: `货运 ${id} 报告异常${f.reason ? `：${f.reason}` : '。'}` },
  );
}

export function shipmentDiscrepancy(f: DiscrepancyFacts, locale: Locale): Text {
  const id = shortId(f.shipmentId);
  const en: string[] = [];
  const zh: string[] = [];
  if (f.missing > 0) {
    en.push(`${f.missing} units missing`);
    zh.push(`短少 ${f.missing} 件`);
  }
  if (f.extra > 0) {
    en.push(`${f.extra} units more than shipped`);
    zh.push(`多出 ${f.extra} 件`);
  }
  return pick(
    locale,
    { title: `Discrepancy in shipment ${id}`, body: `The quantities received for shipment ${id} differ on ${f.lines} lines (${en.join(', ')}).` },
    { title: `货运 ${id} 收货数量不符`, body: `货运 ${id} 有 ${f.lines} 行收货数量与发货数量不符（${zh.join('，')}）。` },
  );
}

export function lowStock(f: LowStockFacts, locale: Locale): Text {
  const product = shortId(f.productId);
  const store = shortId(f.storeId);
  return pick(
    locale,
    { title: `Low stock: product ${product}`, body: `Product ${product} at store ${store} is down to ${f.available} available (threshold ${f.threshold}).` },
    { title: `库存不足：商品 ${product}`, body: `门店 ${store} 的商品 ${product} 可用库存仅剩 ${f.available} 件（预警值 ${f.threshold}）。` },
  );
}

/** Order notification types and what each says to the shopper. */
const ORDER_TEXT = {
  ORDER_PLACED: { en: (id: string, total: string) => [`Order ${id} placed`, `Thank you: your order ${id} (${total}) was placed.`], zh: (id: string, total: string) => [`订单 ${id} 已下单`, `感谢您的购买：订单 ${id}（${total}）已成功下单。`] },
  ORDER_CONFIRMED: { en: (id: string) => [`Order ${id} confirmed`, `The store confirmed your order ${id}.`], zh: (id: string) => [`订单 ${id} 已确认`, `门店已确认您的订单 ${id}。`] },
  ORDER_READY_FOR_PICKUP: { en: (id: string) => [`Order ${id} is ready for pickup`, `Your order ${id} is ready: pick it up at the store.`], zh: (id: string) => [`订单 ${id} 可取货`, `您的订单 ${id} 已备好，请到门店取货。`] },
  ORDER_SHIPPED: { en: (id: string) => [`Order ${id} shipped`, `Your order ${id} is on its way.`], zh: (id: string) => [`订单 ${id} 已发货`, `您的订单 ${id} 已发货，正在配送途中。`] },
  ORDER_FULFILLED: { en: (id: string) => [`Order ${id} completed`, `Your order ${id} was handed over. Enjoy!`], zh: (id: string) => [`订单 ${id} 已完成`, `您的订单 ${id} 已交付，祝您使用愉快！`] },
  ORDER_CANCELLED: { en: (id: string) => [`Order ${id} cancelled`, `Your order ${id} was cancelled.`], zh: (id: string) => [`订单 ${id} 已取消`, `您的订单 ${id} 已取消。`] },
  ORDER_REFUNDED: { en: (id: string, total: string) => [`Order ${id} refunded`, `Your order ${id} was refunded (${total}).`], zh: (id: string, total: string) => [`订单 ${id} 已退款`, `您的订单 ${id} 已退款（${total}）。`] },
} as const;

export type OrderNotificationType = keyof typeof ORDER_TEXT;

const pair = ([title, body]: readonly string[]): Text => ({ title: title!, body: body! });

export function orderMessage(type: OrderNotificationType, f: OrderFacts, locale: Locale): Text {
  const id = shortId(f.orderId);
  const total = money(f.totalAmount, f.currency);
  if (f.audience === 'store' && type === 'ORDER_PLACED') {
    return pick(locale, { title: `New order ${id}`, body: `A shopper placed order ${id} (${total}) at your store.` }, { title: `新订单 ${id}`, body: `顾客在您的门店下了订单 ${id}（${total}）。` });
  }
  if (f.audience === 'store' && type === 'ORDER_CANCELLED') {
    return pick(locale, { title: `Order ${id} cancelled`, body: `Order ${id} (${total}) at your store was cancelled.` }, { title: `订单 ${id} 已取消`, body: `您门店的订单 ${id}（${total}）已取消。` });
  }
  const text = ORDER_TEXT[type];
  return locale === 'zh-CN' ? pair(text.zh(id, total)) : pair(text.en(id, total));
}
