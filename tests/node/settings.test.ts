/**
 * Issue 11: the list settings the build reads (IFRAME_HOSTS, UPGRADE_IMAGE_HOSTS): their
 * format, defaults, and the problems a bad value is reported with. Issue 24: CRAWLING, and
 * a SITE_ICON that /favicon.ico would redirect to itself. readSettings reads the
 * project's wrangler.toml; the environment overrides it, as on the command line.
 */
import { describe, expect, it } from "vitest";
import { readSettings } from "../../src/build/settings.ts";
import { DEFAULT_IFRAME_HOSTS, hostList, siteSettings } from "../../src/settings.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

describe("list settings", () => {
  it.each([
    { value: undefined, fallback: ["a.example"], hosts: ["a.example"] },
    { value: "", fallback: ["a.example"], hosts: [] },
    { value: "  ", fallback: [], hosts: [] },
    { value: "www.youtube.com", fallback: [], hosts: ["www.youtube.com"] },
    { value: "www.youtube.com, player.vimeo.com", fallback: [], hosts: ["www.youtube.com", "player.vimeo.com"] },
    { value: "www.youtube.com player.vimeo.com\n\tPlayer.Bilibili.com,,", fallback: [], hosts: ["www.youtube.com", "player.vimeo.com", "player.bilibili.com"] },
    { value: "a.example, A.example a.example", fallback: [], hosts: ["a.example"] },
  ])("$value (unset: $fallback) is $hosts", ({ value, fallback, hosts }) => {
    expect(hostList(value, fallback)).toEqual(hosts);
  });

  it("defaults: the four video players, no image upgrades", () => {
    expect(siteSettings({})).toMatchObject({ iframeHosts: DEFAULT_IFRAME_HOSTS, upgradeImageHosts: [] });
    expect(DEFAULT_IFRAME_HOSTS).toEqual(["www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com", "player.bilibili.com"]);
  });

  it("wrangler.toml as shipped: the default players, no upgrades", () => {
    const read = readSettings(ROOT, {});
    expect(read.ok && [read.settings.iframeHosts, read.settings.upgradeImageHosts]).toEqual([DEFAULT_IFRAME_HOSTS, []]);
  });

  it.each([
    { env: { UPGRADE_IMAGE_HOSTS: "news.nankai.edu.cn" }, iframeHosts: DEFAULT_IFRAME_HOSTS, upgradeImageHosts: ["news.nankai.edu.cn"] },
    { env: { IFRAME_HOSTS: "" }, iframeHosts: [], upgradeImageHosts: [] },
    { env: { IFRAME_HOSTS: "media.example.org", SITE_URL: "https://feeds.example" }, iframeHosts: ["media.example.org"], upgradeImageHosts: [] },
  ])("the environment overrides: $env", ({ env, iframeHosts, upgradeImageHosts }) => {
    const read = readSettings(ROOT, env);
    expect(read.ok && [read.settings.iframeHosts, read.settings.upgradeImageHosts]).toEqual([iframeHosts, upgradeImageHosts]);
  });

  it.each([
    {
      env: { IFRAME_HOSTS: "https://www.youtube.com" },
      problem: `IFRAME_HOSTS: "https://www.youtube.com" is not a host name (e.g. www.youtube.com: no scheme, port or path)`,
    },
    {
      env: { IFRAME_HOSTS: "www.youtube.com/embed" },
      problem: `IFRAME_HOSTS: "www.youtube.com/embed" is not a host name (e.g. www.youtube.com: no scheme, port or path)`,
    },
    {
      env: { UPGRADE_IMAGE_HOSTS: "news.nankai.edu.cn:80" },
      problem: `UPGRADE_IMAGE_HOSTS: "news.nankai.edu.cn:80" is not a host name (e.g. www.youtube.com: no scheme, port or path)`,
    },
    {
      env: { UPGRADE_IMAGE_HOSTS: "*.nankai.edu.cn" },
      problem: `UPGRADE_IMAGE_HOSTS: "*.nankai.edu.cn" is not a host name (e.g. www.youtube.com: no scheme, port or path)`,
    },
    {
      env: { IFRAME_HOSTS: "www.youtube.com feeds.example", SITE_URL: "https://feeds.example" },
      problem: `IFRAME_HOSTS: "feeds.example" is the site's own host; a sandboxed frame of the same origin could undo its sandbox`,
    },
  ])("$env is refused", ({ env, problem }) => {
    expect(readSettings(ROOT, env)).toEqual({ ok: false, problems: [problem] });
  });
});

describe("CRAWLING and SITE_ICON (issue 24)", () => {
  it.each([
    { env: {}, crawling: true },
    { env: { CRAWLING: "on" }, crawling: true },
    { env: { CRAWLING: "" }, crawling: true },
    { env: { CRAWLING: "off" }, crawling: false },
    { env: { CRAWLING: " OFF " }, crawling: false },
    { env: { SITE_ICON: "/favicon.ico", SITE_URL: "https://blog.example" }, crawling: true },
    { env: { SITE_ICON: "https://cdn.example/favicon.ico" }, crawling: true },
  ])("$env: crawling $crawling", ({ env, crawling }) => {
    const read = readSettings(ROOT, env);
    expect(read.ok && read.settings.crawling).toBe(crawling);
  });

  it.each([
    { env: { CRAWLING: "no" }, problem: `CRAWLING: "no" is neither "on" nor "off"` },
    { env: { CRAWLING: "false" }, problem: `CRAWLING: "false" is neither "on" nor "off"` },
    {
      env: { SITE_ICON: "/favicon.ico" },
      problem: `SITE_ICON: "/favicon.ico" is the worker's own /favicon.ico, which redirects to SITE_ICON; name the icon's own file (e.g. /images/icon.png, or a full URL)`,
    },
    {
      env: { SITE_ICON: "/favicon.ico?v=2" },
      problem: `SITE_ICON: "/favicon.ico?v=2" is the worker's own /favicon.ico, which redirects to SITE_ICON; name the icon's own file (e.g. /images/icon.png, or a full URL)`,
    },
  ])("$env is refused", ({ env, problem }) => {
    expect(readSettings(ROOT, env)).toEqual({ ok: false, problems: [problem] });
  });
});
