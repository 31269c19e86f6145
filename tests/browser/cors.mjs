// Opens a page on each given origin in headless Chromium and, from the page, calls a
// guidepost API on another origin with `fetch` (a bearer token, so every call is
// preflighted): a page of issues, reading its `Link` header; a 401, reading its body; and a
// method the route does not have. Prints one JSON line: for each page origin what the page
// could read, or the error `fetch` gave it. Usage: node cors.mjs <api-base> <token> <page-url>...
import { launch } from "./launch.mjs";

const [api, token, ...pages] = process.argv.slice(2);
const browser = await launch();
try {
  const seen = {};
  for (const pageUrl of pages) {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    seen[new URL(pageUrl).origin] = await page.evaluate(
      async ({ api, token }) => {
        const attempt = async (run) => {
          try {
            return await run();
          } catch (error) {
            return { error: String(error) };
          }
        };
        const auth = { Authorization: `Bearer ${token}` };
        return {
          page: await attempt(async () => {
            const response = await fetch(`${api}/api/0/projects/acme/backend/issues/?limit=1`, {
              headers: auth,
            });
            const body = await response.json();
            return { status: response.status, link: response.headers.get("link"), rows: body.length };
          }),
          unauthorized: await attempt(async () => {
            const response = await fetch(`${api}/api/0/organizations/acme/`, {
              headers: { Authorization: "Bearer not-a-token" },
            });
            const body = await response.json();
            return { status: response.status, code: body.error.code };
          }),
          wrongMethod: await attempt(async () => {
            const response = await fetch(`${api}/api/0/organizations/acme/`, {
              method: "DELETE",
              headers: auth,
            });
            return { status: response.status };
          }),
        };
      },
      { api, token },
    );
    await page.close();
  }
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
