import { defineConfig } from "vitepress";

// Dead internal links fail the build (VitePress's default; ignoreDeadLinks is deliberately not set).
export default defineConfig({
  title: "meanfield",
  description:
    "Statistical-physics theory of neural-network learning in TypeScript: DLN gradient flow, DMFT, replica capacity.",
  lang: "en-GB",
  cleanUrls: false,
  lastUpdated: false,
  head: [["link", { rel: "icon", type: "image/svg+xml", href: "/favicon.svg" }]],
  // Generated partials (figures, CLI help) live in docs/.generated and are pulled in with <!--@include-->.
  srcExclude: [".generated/**", "public/**", "**/README.md"],
  markdown: {
    // LaTeX → SVG at build time with MathJax (markdown-it-mathjax3); no network, no client-side typesetting.
    math: true,
  },
  themeConfig: {
    search: { provider: "local" },
    nav: [
      { text: "Getting started", link: "/guide/getting-started" },
      { text: "Theory", link: "/theory/conventions" },
      { text: "Figures", link: "/figures/" },
      { text: "CLI", link: "/reference/cli" },
      { text: "API", link: "/reference/api" },
    ],
    sidebar: [
      { text: "Guide", items: [{ text: "Getting started", link: "/guide/getting-started" }] },
      {
        text: "Theory",
        items: [
          { text: "Conventions", link: "/theory/conventions" },
          { text: "DLN and gradient flow", link: "/theory/dln" },
          { text: "DMFT effective process", link: "/theory/dmft" },
          { text: "DMFT numerics and errors", link: "/theory/dmft-numerics" },
          { text: "Replica storage capacity", link: "/theory/replica" },
          { text: "Replica theory at finite width", link: "/theory/replica-finite-k" },
        ],
      },
      {
        text: "Reproduced figures",
        items: [
          { text: "Overview", link: "/figures/" },
          { text: "DLN dynamics and DMFT", link: "/figures/dln-dmft" },
          { text: "Storage capacity", link: "/figures/replica" },
        ],
      },
      {
        text: "Reference",
        items: [
          { text: "CLI", link: "/reference/cli" },
          { text: "API (typedoc)", link: "/reference/api" },
          { text: "API index (every symbol)", link: "/reference/api-index" },
        ],
      },
    ],
  },
});
