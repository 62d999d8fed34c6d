// The live pipeline page: commands go to orders-service (CORS), everything shown comes from query-service.
// Data is only ever put into the page as text (textContent), never as HTML.

const LISTED = 50;
const HEALTH_EVERY_MS = 2000;

const $ = (id) => document.getElementById(id);
const orders = new Map(); // orderId -> order as GET /orders/{id} answers it
let config = { ordersUrl: "http://localhost:8080", traceUrl: null };
let selected = null;

async function json(response) {
  const type = response.headers.get("Content-Type") || "";
  return type.includes("json") ? response.json() : null;
}

// ---- the order list, live ----

async function loadOrders() {
  const status = $("status-filter").value;
  const query = new URLSearchParams({ size: String(LISTED), sort: "createdAt,desc" });
  if (status) query.set("status", status);
  const response = await fetch(`orders?${query}`);
  const page = await json(response);
  orders.clear();
  for (const order of page.items) orders.set(order.orderId, order);
  renderOrders();
}

function matchesFilter(order) {
  const status = $("status-filter").value;
  return !status || order.status === status;
}

function changed(batch) {
  for (const order of batch) {
    const known = orders.get(order.orderId);
    if (known && known.version >= order.version) continue;
    if (matchesFilter(order)) orders.set(order.orderId, order);
    else orders.delete(order.orderId);
    if (selected === order.orderId) showOrder(order.orderId);
  }
  renderOrders();
}

function renderOrders() {
  const rows = [...orders.values()]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.orderId.localeCompare(b.orderId))
    .slice(0, LISTED);
  $("order-rows").replaceChildren(...rows.map(orderRow));
  $("orders-empty").hidden = rows.length > 0;
}

function orderRow(order) {
  const row = document.createElement("tr");
  row.dataset.orderId = order.orderId;
  row.dataset.status = order.status;
  const open = document.createElement("button");
  open.type = "button";
  open.className = "link";
  // The first eight characters tell the orders of a page apart; the whole id is in the label and the detail.
  open.textContent = order.orderId.slice(0, 8);
  open.title = order.orderId;
  open.setAttribute("aria-label", `Show order ${order.orderId}`);
  open.addEventListener("click", () => showOrder(order.orderId));
  const status = cell(order.status);
  status.className = `status status-${order.status.toLowerCase()}`;
  row.append(
    cell(open),
    status,
    cell(order.customerId),
    cell(order.product),
    cell(String(order.quantity)),
    cell(String(order.version)),
    cell(timeElement(order.updatedAt)),
  );
  return row;
}

function cell(content) {
  const td = document.createElement("td");
  td.append(content);
  return td;
}

function listen() {
  const stream = new EventSource("orders/stream");
  stream.addEventListener("open", () => {
    $("live-status").textContent = "Live updates: connected";
    // Whatever changed while disconnected is in the list's answer.
    loadOrders().catch(() => {});
  });
  stream.addEventListener("orders", (event) => changed(JSON.parse(event.data)));
  stream.addEventListener("error", () => {
    $("live-status").textContent = "Live updates: reconnecting…";
    if (stream.readyState === EventSource.CLOSED) {
      // The server refused the stream (e.g. too many clients): the browser does not retry that by itself.
      setTimeout(listen, 3000);
    }
  });
}

// ---- creating an order ----

async function create(event) {
  event.preventDefault();
  clearErrors();
  const form = $("create-form");
  const quantity = form.quantity.value.trim();
  const body = {
    customerId: form.customerId.value,
    product: form.product.value,
    quantity: /^-?\d+$/.test(quantity) ? Number(quantity) : quantity,
  };
  let response;
  try {
    response = await fetch(`${config.ordersUrl}/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
      body: JSON.stringify(body),
    });
  } catch (unreachable) {
    showFormError(`orders-service is not reachable at ${config.ordersUrl}`);
    return;
  }
  const answer = await json(response);
  if (response.ok) {
    $("create-result").textContent = `Created order ${answer.orderId} (${answer.status}).`;
    showOrder(answer.orderId);
    return;
  }
  const errors = answer?.errors ?? [];
  let shown = 0;
  for (const error of errors) {
    const input = form.elements.namedItem(error.field);
    if (!input) continue;
    const message = $(`${error.field}-error`);
    message.textContent = error.reason;
    message.hidden = false;
    input.setAttribute("aria-invalid", "true");
    if (shown++ === 0) input.focus();
  }
  if (shown < errors.length || errors.length === 0) {
    showFormError(problemText(answer, response));
  }
}

function clearErrors() {
  for (const message of document.querySelectorAll(".field-error")) {
    message.hidden = true;
    message.textContent = "";
  }
  for (const input of document.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  $("create-error").hidden = true;
  $("create-result").textContent = "";
}

function showFormError(text) {
  $("create-error").textContent = text;
  $("create-error").hidden = false;
}

function problemText(problem, response) {
  if (!problem) return `${response.status} ${response.statusText}`;
  return [problem.title, problem.detail].filter(Boolean).join(": ");
}

// ---- one order: commands and timeline ----

async function showOrder(orderId) {
  selected = orderId;
  // The address names the order shown, so it can be bookmarked and shared.
  history.replaceState(null, "", `#order=${encodeURIComponent(orderId)}`);
  $("detail").hidden = false;
  $("detail-id").textContent = orderId;
  const [orderResponse, historyResponse] = await Promise.all([
    fetch(`orders/${encodeURIComponent(orderId)}`),
    fetch(`orders/${encodeURIComponent(orderId)}/history`),
  ]);
  if (selected !== orderId) return;
  if (!orderResponse.ok) {
    // Just created: the read model has not applied it yet; the live stream brings it.
    $("detail-status").textContent = "not in the read model yet";
    $("detail-version").textContent = "–";
    $("detail-reason").textContent = "";
    renderCommands([]);
    $("timeline").replaceChildren();
    return;
  }
  const order = await orderResponse.json();
  $("detail-status").textContent = order.status;
  $("detail-version").textContent = String(order.version);
  $("detail-reason").textContent = order.reason ? `(reason: ${order.reason})` : "";
  renderCommands(await allowedCommands(order));
  renderTimeline(historyResponse.ok ? await historyResponse.json() : []);
}

/**
 * The commands orders-service accepts for the order in the status the page shows: asked of orders-service, the one
 * owner of the rules (its state at this version or later; a command it refuses anyway shows the refusal's reason).
 */
async function allowedCommands(order) {
  try {
    const response = await fetch(`${config.ordersUrl}/orders/${encodeURIComponent(order.orderId)}/state`);
    const state = response.ok ? await response.json() : null;
    return state && state.version === order.version ? state.allowedCommands : [];
  } catch (unreachable) {
    return [];
  }
}

function renderCommands(allowed) {
  for (const element of $("commands").querySelectorAll(":scope > [data-command]")) {
    element.hidden = !allowed.includes(element.dataset.command);
  }
  $("no-commands").hidden = allowed.length > 0;
}

async function command(name) {
  const orderId = selected;
  const options = { method: "POST", headers: { "Idempotency-Key": crypto.randomUUID() } };
  if (name === "cancel") {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify({ reason: $("cancel-reason").value });
  }
  $("command-result").textContent = "";
  let response;
  try {
    response = await fetch(`${config.ordersUrl}/orders/${encodeURIComponent(orderId)}/${name}`, options);
  } catch (unreachable) {
    $("command-result").textContent = `orders-service is not reachable at ${config.ordersUrl}`;
    return;
  }
  const answer = await json(response);
  $("command-result").textContent = response.ok
    ? `${name}: accepted, order is ${answer.status} at version ${answer.version}.`
    : `${name} refused: ${problemText(answer, response)}`;
}

const HOPS = [
  ["committed", "committedAt"],
  ["on Kafka", "publishedAt"],
  ["projected", "projectedAt"],
];

function renderTimeline(history) {
  let requested = null;
  const items = history.map((entry) => {
    const item = document.createElement("li");
    item.dataset.version = String(entry.version);
    const title = document.createElement("p");
    title.className = "event";
    title.append(`v${entry.version} ${entry.eventType} → ${entry.status} at `, timeElement(entry.occurredAt));
    item.append(title);
    if (entry.reason) item.append(paragraph(`Reason: ${entry.reason}`, "reason"));
    item.append(paragraph(hops(HOPS.map(([label, field]) => [label, entry[field]])), "hops"));
    if (entry.eventType === "OrderProcessingRequested") requested = entry.committedAt ?? entry.occurredAt;
    if (entry.decidedAt) {
      const recorded = entry.committedAt ?? entry.occurredAt;
      item.append(paragraph(
        hops([["requested", requested], ["decided", entry.decidedAt], ["recorded", recorded]]), "processing"));
    }
    if (entry.traceId && config.traceUrl) {
      const link = document.createElement("a");
      link.href = config.traceUrl.replace("{traceId}", entry.traceId);
      link.textContent = `Trace ${entry.traceId}`;
      link.target = "_blank";
      link.rel = "noopener";
      item.append(link);
    }
    return item;
  });
  $("timeline").replaceChildren(...items);
}

/** "committed 12:00:01.234 → on Kafka +4 ms → projected +11 ms"; a hop without a time is left out. */
function hops(steps) {
  const known = steps.filter(([, at]) => at);
  return known
    .map(([label, at], i) => (i === 0 ? `${label} ${clock(at)}` : `${label} ${after(known[i - 1][1], at)}`))
    .join(" → ");
}

/** "+4 ms"; two services' clocks may disagree by a little, which shows as "−2 ms" rather than being hidden. */
function after(from, to) {
  const ms = Date.parse(to) - Date.parse(from);
  return ms >= 0 ? `+${ms} ms` : `−${-ms} ms`;
}

function paragraph(text, className) {
  const p = document.createElement("p");
  p.className = className;
  p.textContent = text;
  return p;
}

function clock(at) {
  return new Date(at).toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
    hour12: false,
  });
}

function timeElement(at) {
  const time = document.createElement("time");
  time.dateTime = at;
  time.textContent = clock(at);
  return time;
}

// ---- health ----

async function health() {
  const problems = [];
  await Promise.all([
    fetch("projection").then(json).then(renderLag).catch(() => problems.push("query-service: projection")),
    fetch("dead-letters").then(json).then(renderDeadLetters).catch(() => problems.push("query-service: dead letters")),
    fetch("inventory").then(json).then(renderStock).catch(() => problems.push("query-service: inventory")),
    fetch(`${config.ordersUrl}/outbox`).then(json).then(renderOutbox).catch(() => {
      $("outbox").textContent = "unknown";
      problems.push(`orders-service at ${config.ordersUrl}`);
    }),
  ]);
  $("health-error").textContent = problems.length ? `Not reachable: ${problems.join(", ")}` : "";
}

function renderLag(projection) {
  $("lag-rows").replaceChildren(...projection.partitions.map((partition) => {
    const row = document.createElement("tr");
    row.append(cell(String(partition.partition)), cell(String(partition.lag)), cell(partition.state));
    return row;
  }));
}

// One row per product, in product order; "sold out" is written out, not only coloured.
function renderStock(stock) {
  $("stock-rows").replaceChildren(...stock.map((product) => {
    const row = document.createElement("tr");
    row.dataset.product = product.product;
    const available = cell(product.available === 0 ? "0 (sold out)" : String(product.available));
    available.className = product.available === 0 ? "stock-available sold-out" : "stock-available";
    row.append(
      classed(cell(product.product), "stock-product"),
      classed(cell(String(product.onHand)), "stock-on-hand"),
      classed(cell(String(product.reserved)), "stock-reserved"),
      available,
    );
    return row;
  }));
  $("stock-empty").hidden = stock.length > 0;
}

function classed(element, className) {
  element.className = className;
  return element;
}

function renderOutbox(outbox) {
  $("outbox").textContent = outbox.publishing
    ? `${outbox.backlog} commit(s) waiting to be published; oldest ${outbox.oldestWaitingSeconds.toFixed(1)} s.`
    : `This instance stands by; ${outbox.holder ?? "another instance"} publishes.`;
}

function renderDeadLetters(deadLetters) {
  $("dlt-rows").replaceChildren(...deadLetters.topics.map((topic) => {
    const row = document.createElement("tr");
    row.append(cell(topic.topic), cell(String(topic.records)), cell(topic.lastReason ?? "–"));
    return row;
  }));
}

// ---- start ----

$("create-form").addEventListener("submit", create);
$("status-filter").addEventListener("change", () => loadOrders());
for (const button of $("commands").querySelectorAll("button[data-command]")) {
  button.addEventListener("click", () => command(button.dataset.command));
}
config = await fetch("page/config").then(json);
listen();
health();
const linked = new URLSearchParams(location.hash.slice(1)).get("order");
if (linked) showOrder(linked);
setInterval(health, HEALTH_EVERY_MS);
