// Opens the docs page of a running guidepost API in headless Chromium, reads the
// operations Swagger UI lists under each tag, authorizes with a bearer token and executes
// `GET /organizations/{org}/`. Prints what it saw as one JSON line; exits non-zero on any
// failure. Usage: node docs.mjs <base-url> <token>
import { launch } from "./launch.mjs";

const [base, token] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage();
  const external = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(base)) external.push(request.url());
  });
  await page.goto(`${base}/api/0/docs/`);
  await page.waitForSelector(".opblock-tag", { timeout: 20000 });

  const title = (await page.textContent(".info .title"))?.trim() ?? "";
  const tags = {};
  for (const section of await page.$$(".opblock-tag-section")) {
    const tag = (await section.$eval(".opblock-tag", (el) => el.getAttribute("data-tag"))) ?? "";
    const tagButton = await section.$(".opblock-tag");
    if ((await section.$$(".opblock")).length === 0) await tagButton.click();
    tags[tag] = await section.$$eval(".opblock-summary-path", (paths) =>
      paths.map((el) => el.getAttribute("data-path")),
    );
  }

  // Authorize with the bearer token.
  await page.click("button.authorize");
  await page.fill(".modal-ux input[type=text]", token);
  await page.click(".modal-ux button.authorize");
  await page.click(".modal-ux button.btn-done");

  // Try GET /organizations/{org}/ for acme.
  const operation = page.locator("#operations-Organizations-get_organization");
  await operation.locator(".opblock-summary").click();
  // The page enables "Try it out" by default; click only if it is not on yet.
  const tryOut = operation.locator("button.try-out__btn");
  if ((await tryOut.textContent()).trim() === "Try it out") await tryOut.click();
  await operation.locator("input[placeholder=org]").fill("acme");
  await operation.locator("button.execute").click();
  const status = (
    await operation.locator(".live-responses-table tbody .response-col_status").first().textContent({ timeout: 20000 })
  ).trim();
  const body = (await operation.locator(".live-responses-table tbody .microlight").first().textContent()).trim();

  console.log(JSON.stringify({ title, tags, status, body, external }));
} finally {
  await browser.close();
}
