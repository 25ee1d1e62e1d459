/**
 * Issue 18, item 9: template syntax in bodies never reaches a reader as text outside
 * code. Tables of body -> Markdown and warnings (with the file's line numbers: the
 * fixture's body starts at line 5) for each dialect, for code, for braces that are not
 * templates; a few bodies through the real renderer and sanitiser; and a property test
 * over random mixtures of every dialect's constructs with code.
 */
import fc from "fast-check";
import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/build/markdown.ts";
import { IFRAME_SANDBOX } from "../../src/build/raw-html.ts";
import { expandTemplates, type TemplateContext } from "../../src/build/templates/index.ts";
import { siteSettings } from "../../src/settings.ts";
import { templateContext } from "../fixtures/template-context.ts";
import { TEMPLATE_POSTS } from "../fixtures/template-posts.ts";

/** A row: the body, the Markdown it becomes, and its warnings as [line, construct, message]. */
interface Row {
  name: string;
  body: string;
  markdown: string;
  warnings?: [number, string, string][];
}

function expand(body: string, over: Partial<TemplateContext> = {}) {
  const { markdown, warnings } = expandTemplates(body, templateContext(over));
  return { markdown, warnings: warnings.map((w) => [w.line, w.construct, w.message]) };
}

function check({ body, markdown, warnings = [] }: Row): void {
  expect(expand(body)).toEqual({ markdown, warnings });
}

const INCLUDE = "removed: includes are the theme's files, which this build does not have";
const NOT_TEMPLATE = "removed: this is not a template this build can render";
const UNKNOWN_TAG = "removed: not a tag this build knows";
const OWN_SHORTCODE = "it is one of the site's own shortcodes, whose template this build does not have";
const ZOLA = "Zola shortcodes are the theme's templates, which this build does not have";
const missing = (target: string) => `"${target}" names no article or file here: written without a link`;
const YOUTUBE = (src: string, title = "YouTube video") => `<iframe src="${src}" title="${title}" allowfullscreen></iframe>`;

describe("bodies without template syntax come back as they are", () => {
  it.each([
    { name: "empty", body: "" },
    { name: "prose", body: "Plain *Markdown* with a [link](/x) and 100% effort." },
    { name: "JSON", body: 'Config: { "a": 1, "b": [1, 2] }' },
    { name: "CSS", body: "a { color: red } p{margin:0}" },
    { name: "set notation", body: "The set {x | x > 0} and {a, b}; nested {{a}, {b}}." },
    { name: "Chinese braces", body: "中文｛全角｝和{半角}括号，还有{{1, 2}, {3}}" },
    { name: "kramdown and Hugo attributes", body: "## Heading {#id}\n\n{: .note}\nText {:toc}" },
    { name: "closers alone", body: "50% done %} and }} and { %" },
    { name: "openers with no closer in their paragraph", body: "a {{ b\n\nc }} and {% d\n\n%}" },
    { name: "braces inside", body: "{{1, 2}, {3, 4}} and {{ a {b} }}" },
    { name: "TeX in math", body: "$x^{{2}}$, $a_{{i}}$ and \\(y_{{j}}\\)" },
    { name: "not a tag name", body: "{% 50 %} and {%%}" },
    { name: "templates in a fence", body: "```liquid\n{% for x in y %}{{ x }}{% endfor %}\n{{< figure >}}\n```" },
    { name: "templates in code spans", body: "Write `{{ page.title }}` or ``{% if a %}`` or `{{< ref x >}}`." },
    { name: "templates in indented code", body: "Para\n\n    {{ site.title }}\n    {% include x.html %}\n\nAfter" },
    { name: "templates in a <pre> block", body: "<pre>\n{{ site.title }}\n\n{% include x.html %}\n</pre>" },
    { name: "CRLF", body: "a\r\nb {x}\r\n`{{ x }}`\r\n" },
  ])("$name", ({ body }) => {
    expect(expand(body)).toEqual({ markdown: body, warnings: [] });
  });

  it("returns a body without `{{` or `{%` without parsing it (1 MB, 20 times, well under the time one parse takes)", () => {
    const body = "Words and {braces} and 100% done, `code` too.\n\n".repeat(22_000);
    const start = performance.now();
    for (let i = 0; i < 20; i++) expect(expandTemplates(body, templateContext()).markdown).toBe(body);
    expect(performance.now() - start).toBeLessThan(150);
  });
});

describe("code is left as written, but for the escapes the generators undo", () => {
  it.each<Row>([
    {
      name: "fence with an info string",
      body: '```html {linenos=true}\n<p>{{ page.title }}</p>\n{{< figure src="a" >}}\n```',
      markdown: '```html {linenos=true}\n<p>{{ page.title }}</p>\n{{< figure src="a" >}}\n```',
    },
    { name: "tilde fence", body: "~~~\n{% highlight x %}\n~~~\n{{ page.title }}", markdown: "~~~\n{% highlight x %}\n~~~\nA post" },
    { name: "fence in a list item", body: "- item\n\n  ```\n  {{ x }}\n  ```\n\n{{ page.title }}", markdown: "- item\n\n  ```\n  {{ x }}\n  ```\n\nA post" },
    { name: "fence in a block quote", body: "> ```\n> {% include a.html %}\n> ```", markdown: "> ```\n> {% include a.html %}\n> ```" },
    { name: "double-backtick span", body: "``{{ a }}` b`` {{ page.title }}", markdown: "``{{ a }}` b`` A post" },
    { name: "escaped backticks are no span", body: "\\`{{ page.title }}\\`", markdown: "\\`A post\\`" },
    { name: "an unclosed backtick is no span", body: "`{{ page.title }}", markdown: "`A post" },
    { name: "span across lines of a paragraph", body: "a `{{ x\n}}` b", markdown: "a `{{ x\n}}` b" },
    { name: "code span in a table", body: "| a | b |\n|---|---|\n| `{{ x }}` | {{ page.title }} |", markdown: "| a | b |\n|---|---|\n| `{{ x }}` | A post |" },
    { name: "raw markers on their own lines in a fence", body: "```\n{% raw %}\n{{ x }}\n{% endraw %}\n```", markdown: "```\n{{ x }}\n```" },
    { name: "raw markers with whitespace control", body: "```\n{%- raw -%}\n{{ x }}\n{%- endraw -%}\n```", markdown: "```\n{{ x }}\n```" },
    { name: "raw markers in a code span", body: "`{% raw %}{{ x }}{% endraw %}`", markdown: "`{{ x }}`" },
    { name: "Hugo escapes in a fence", body: '```\n{{</* figure src="a.png" */>}}\n{{%/* notice */%}}\n```', markdown: '```\n{{< figure src="a.png" >}}\n{{% notice %}}\n```' },
    { name: "Zola escapes in code", body: '`{{/* youtube(id="x") */}}` `{%/* note() */%}`', markdown: '`{{ youtube(id="x") }}` `{% note() %}`' },
    { name: "a Go template comment in code is not an escape", body: "```go\n{{/* a comment */}}\n```", markdown: "```go\n{{/* a comment */}}\n```" },
    { name: "Hugo escapes outside code are text", body: "Write {{</* figure */>}} or {{%/* x */%}}.", markdown: "Write {{< figure >}} or {{% x %}}." },
    { name: "a Zola escape outside code is text", body: "{%/* end */%}", markdown: "{% end %}" },
    { name: "raw outside code: its inside as written", body: "{% raw %}{{ page.title }} {% if %}{% endraw %}", markdown: "{{ page.title }} {% if %}" },
    { name: "raw keeps other dialects' syntax too", body: "{% raw %}\n{{< youtube x >}}\n{% endraw %}", markdown: "\n{{< youtube x >}}\n" },
  ])("$name", check);
});

describe("Jekyll", () => {
  it.each<Row>([
    { name: "site and page values", body: "{{ site.title }} by {{ site.author.name }}: {{ page.title }}", markdown: "Edge & Co by Ann: A post" },
    { name: "site.repository in a link", body: "[repo](https://github.com/{{ site.repository }})", markdown: "[repo](https://github.com/edge/feeds)" },
    { name: "site.baseurl in an image", body: "![x]({{ site.baseurl }}/img/a.png)", markdown: "![x](/blog/img/a.png)" },
    { name: "highlight", body: "{% highlight ruby linenos %}\ndef x\n  1\nend\n{% endhighlight %}", markdown: "```ruby\ndef x\n  1\nend\n```" },
    {
      name: "highlight keeps Liquid inside as code, raw markers removed",
      body: "{% highlight liquid %}\n{% raw %}{{ page.title }}{% endraw %}\n{% for x in y %}\n{% endhighlight %}",
      markdown: "```liquid\n{{ page.title }}\n{% for x in y %}\n```",
    },
    {
      name: "highlight in a list item keeps its indentation",
      body: "1. Install:\n\n   {% highlight bash %}\n   npm install\n     --save\n   {% endhighlight %}\n\n2. Run",
      markdown: "1. Install:\n\n   ```bash\n   npm install\n     --save\n   ```\n\n2. Run",
    },
    { name: "highlight of Markdown with a fence", body: "{% highlight md %}\n```js\nx\n```\n{% endhighlight %}", markdown: "````md\n```js\nx\n```\n````" },
    { name: "link", body: "[notes]({% link _posts/2019-01-11-release-notes.md %})", markdown: "[notes](/2019/01/11/release-notes/)" },
    { name: "link to a file", body: "{% link assets/report.pdf %}", markdown: "/assets/report.pdf" },
    { name: "post_url", body: "[notes]({% post_url 2019-01-11-release-notes %}#fixes)", markdown: "[notes](/2019/01/11/release-notes/#fixes)" },
    {
      name: "post_url not found, in a link: the text stays",
      body: "See [the old notes]({% post_url 2019-01-12-gone %}).",
      markdown: "See the old notes.",
      warnings: [[5, "{% post_url %}", missing("2019-01-12-gone")]],
    },
    { name: "post_url not found, alone", body: "At {% post_url 2019-01-12-gone %}.", markdown: "At .", warnings: [[5, "{% post_url %}", missing("2019-01-12-gone")]] },
    {
      name: "includes",
      body: 'Intro\n\n{% include image.html url="a.png" %}\n\nText\n\n{% include_relative b.md %}',
      markdown: "Intro\n\n\n\nText\n\n",
      warnings: [
        [7, "{% include %}", INCLUDE],
        [11, "{% include_relative %}", INCLUDE],
      ],
    },
    {
      name: "for, if, assign, capture",
      body: "{% assign n = page.tags | size %}{% capture list %}{% for t in page.tags %}#{{ t }} {% endfor %}{% endcapture %}{{ n }} tags: {{ list | strip }}{% if page.draft %} (draft){% else %}.{% endif %}",
      markdown: "2 tags: #news #release.",
    },
    { name: "whitespace control", body: "a\n{%- if true -%}\nb\n{%- endif -%}\nc", markdown: "abc" },
    { name: "comment, with anything inside", body: "a{% comment %} {% include x %} {{ y }} {% endcomment %}b", markdown: "ab" },
    { name: "inline comment", body: "a{% # note to self %}b", markdown: "ab" },
    { name: "an unknown tag", body: "{% seo %}Text", markdown: "Text", warnings: [[5, "{% seo %}", UNKNOWN_TAG]] },
    {
      name: "an unknown block tag keeps its inside",
      body: "{% tabs first %}\n**A** {{ page.title }}\n{% endtabs %}",
      markdown: "\n**A** A post\n",
      warnings: [[5, "{% tabs %}", `${UNKNOWN_TAG}; the text up to {% endtabs %} is kept`]],
    },
    {
      name: "jekyll-gist",
      body: "{% gist parkr/931c1c8d465a04042403 jekyll-private-gist.markdown %}",
      markdown: "[Gist parkr/931c1c8d465a04042403: jekyll-private-gist.markdown](https://gist.github.com/parkr/931c1c8d465a04042403#file-jekyll-private-gist-markdown)",
    },
    {
      name: "a value that is not set is empty, with a warning",
      body: "Code: {{ site.github.repository_url }}",
      markdown: "Code: ",
      warnings: [[5, "{{ site.github.repository_url }}", `"site.github.repository_url" is not in the site's config: written as nothing`]],
    },
    {
      name: "a loop over a list that is not set",
      body: "{% for p in site.posts %}- {{ p.title }}\n{% endfor %}",
      markdown: "",
      warnings: [[5, "{% for %}", `"site.posts" is not in the site's config: written as nothing`]],
    },
    { name: "no warning with default", body: "{{ page.subtitle | default: page.title }}", markdown: "A post" },
    { name: "no warning for a test", body: "{% if page.comments %}c{% endif %}x{% unless page.hidden %}y{% endunless %}", markdown: "xy" },
    { name: "a variable nobody set", body: "{{书名}}", markdown: "", warnings: [[5, "{{书名}}", `"书名" is not defined: written as nothing`]] },
    { name: "site defaults: url and baseurl are empty", body: "{{ site.url }}{{ site.baseurl }}/about/", markdown: "/about/" },
  ])("$name", (row) => {
    if (row.name.startsWith("site defaults")) expect(expand(row.body, { site: {} })).toEqual({ markdown: row.markdown, warnings: row.warnings ?? [] });
    else check(row);
  });

  it.each([
    ['{{ "/assets/a.png" | relative_url }}', "/blog/assets/a.png"],
    ['{{ "assets/a.png" | relative_url }}', "/blog/assets/a.png"],
    ['{{ "https://x.example/a" | relative_url }}', "https://x.example/a"],
    ['{{ "/a/" | absolute_url }}', "https://blog.example/blog/a/"],
    ["{{ page.date | date_to_string }}", "01 Feb 2019"],
    ["{{ page.date | date_to_long_string }}", "01 February 2019"],
    ["{{ page.date | date_to_xmlschema }}", "2019-02-01T09:30:00+08:00"],
    ['{{ page.date | date: "%Y-%m-%d %H:%M" }}', "2019-02-01 09:30"],
    ['{{ "now" | date: "%Y" }}', "2019"],
    ['{{ "<b>&</b>" | xml_escape }}', "&lt;b&gt;&amp;&lt;/b&gt;"],
    ['{{ "a b&c=d" | cgi_escape }}', "a+b%26c%3Dd"],
    ['{{ "a b/c?d" | uri_escape }}', "a%20b/c?d"],
    ['{{ "**b**" | markdownify }}', "**b**"],
    ['{{ "Hello, World!" | slugify }}', "hello-world"],
    ["{{ page.tags | jsonify }}", '["news","release"]'],
    ['{{ "one two three" | number_of_words }}', "3"],
    ["{{ page.tags | array_to_sentence_string }}", "news and release"],
    ['{% assign e = site.people | where: "role", "editor" %}{{ e | map: "name" | join: "," }}', "Ann,Cy"],
    ['{% assign g = site.people | group_by: "role" %}{% for x in g %}{{ x.name }}={{ x.items | size }} {% endfor %}', "editor=2 writer=1 "],
    ["{{ page.tags | sample }}", "news"],
  ])("filter: %s", (body, markdown) => {
    expect(expand(body)).toEqual({ markdown, warnings: [] });
  });

  it("writes dates as Jekyll does, in the site's zone, whatever the machine's", () => {
    const page = { date: new Date("2019-02-01T01:30:00Z"), updated: [new Date("2020-06-30T20:00:00Z")] };
    expect(expand("{{ page.date }} | {{ page.updated[0] }} | {{ page.date | date_to_string }}", { page }).markdown).toBe(
      "2019-02-01 09:30:00 +0800 | 2020-07-01 04:00:00 +0800 | 01 Feb 2019",
    );
  });

  it("shows dates in UTC when the site has no time zone", () => {
    expect(expand("{{ page.date | date_to_xmlschema }}", { site: {} }).markdown).toBe("2019-02-01T01:30:00+00:00");
  });

  it.each<Row>([
    { name: "an if never closed", body: "{% if page.title %}\nText", markdown: "\nText", warnings: [[5, "{% if %}", "removed: it is never closed; the text inside is kept"]] },
    { name: "a stray endif", body: "a\n{% endif %}b", markdown: "a\nb", warnings: [[6, "{% endif %}", "removed: there is no open tag for it to close or continue"]] },
    { name: "an unknown filter", body: "{{ page.title | shout }}!", markdown: "!", warnings: [[5, "{{ page.title | shout }}", 'removed: Jekyll has no "shout" filter here']] },
    {
      name: "a runaway loop",
      body: "{% for i in (1..100000000) %}x{% endfor %}",
      markdown: "x",
      warnings: [
        [5, "{% for %}", "removed: it would write far too much"],
        [5, "{% endfor %}", "removed: there is no open tag for it to close or continue"],
      ],
    },
    {
      name: "Go templates are not Liquid",
      body: "{{ .Title }} and\n{{ range .Pages }}",
      markdown: " and\n",
      warnings: [
        [5, "{{ .Title }}", NOT_TEMPLATE],
        [6, "{{ range .Pages }}", NOT_TEMPLATE],
      ],
    },
    {
      name: "Handlebars is not Liquid",
      body: "{{#each items}}x{{/each}} {{> partial}} {{ }}",
      markdown: "x  ",
      warnings: [
        [5, "{{#each items}}", NOT_TEMPLATE],
        [5, "{{/each}}", NOT_TEMPLATE],
        [5, "{{> partial}}", NOT_TEMPLATE],
        [5, "{{ }}", NOT_TEMPLATE],
      ],
    },
  ])("Liquid that cannot be rendered: $name", check);
});

describe("Hexo", () => {
  it.each<Row>([
    {
      name: "codeblock with title, language, URL and link text",
      body: "{% codeblock Array.map lang:js https://developer.mozilla.org/docs/map MDN Documentation %}\narray.map(callback)\n{% endcodeblock %}",
      markdown: "*Array.map* [MDN Documentation](https://developer.mozilla.org/docs/map)\n```js\narray.map(callback)\n```",
    },
    {
      name: "codeblock with a URL and no link text",
      body: "{% codeblock _.compact http://lodash.com/docs#compact %}\n_.compact([0, 1])\n{% endcodeblock %}",
      markdown: "*\\_.compact* [link](http://lodash.com/docs#compact)\n```\n_.compact([0, 1])\n```",
    },
    { name: "codeblock options are presentation", body: "{% codeblock lang:objc line_number:false mark:1 %}\n[x y];\n{% endcodeblock %}", markdown: "```objc\n[x y];\n```" },
    { name: "code, a title only", body: "{% code hello.py %}\nprint(1)\n{% endcode %}", markdown: "*hello.py*\n```\nprint(1)\n```" },
    { name: "codeblock keeps templates inside", body: "{% codeblock %}\n{{ x }} {% y %}\n{% endcodeblock %}", markdown: "```\n{{ x }} {% y %}\n```" },
    { name: "codeblock never closed", body: "{% codeblock %}\nx", markdown: "\nx", warnings: [[5, "{% codeblock %}", "removed: it is never closed with {% endcodeblock %}"]] },
    { name: "note", body: "{% note info %}\n#### Title\n**Bold** text\n{% endnote %}", markdown: "<blockquote>\n\n#### Title\n**Bold** text\n\n</blockquote>" },
    {
      name: "note with a summary",
      body: "{% note warning no-icon Read this first %}\nText\n{% endnote %}",
      markdown: "<blockquote>\n\n**Read this first**\n\nText\n\n</blockquote>",
    },
    { name: "note within a line", body: "Before {% note %}Inside{% endnote %} after", markdown: "Before \n<blockquote>\n\nInside\n\n</blockquote>\n after" },
    {
      name: "Butterfly's note: colour, icon and style go",
      body: "{% note blue 'fas fa-bullhorn' simple %}\nText\n{% endnote %}",
      markdown: "<blockquote>\n\nText\n\n</blockquote>",
    },
    {
      name: "NexT's centred quote, label and button",
      body: "{% cq %}Quote{% endcq %} {% label primary@New %} {% btn https://hexo.io, Hexo, home fa-fw %}",
      markdown: "<blockquote>\n\nQuote\n\n</blockquote>\n New [Hexo](https://hexo.io)",
    },
    { name: "NexT's mermaid: a fence", body: "{% mermaid graph TD %}\nA --> B\n{% endmermaid %}", markdown: "```mermaid\ngraph TD\nA --> B\n```" },
    { name: "note with Liquid inside", body: "{% note %}\n{% if page.title %}{{ page.title }}{% endif %}\n{% endnote %}", markdown: "<blockquote>\n\nA post\n\n</blockquote>" },
    { name: "asset_img", body: "{% asset_img diagram.png The flow %}", markdown: "![The flow](diagram.png)" },
    { name: "asset_img, quoted", body: '{% asset_img "spaced asset.jpg" "spaced title" %}', markdown: "![spaced title](<spaced asset.jpg>)" },
    { name: "asset_img with a size", body: "{% asset_img a.png 400 300 Title %}", markdown: '<img src="a.png" alt="Title" title="Title" width="400" height="300">' },
    { name: "asset_img, no title", body: "{% asset_img a.png %}", markdown: "![](a.png)" },
    { name: "asset_path", body: '[PDF]({% asset_path report.pdf %}) {% asset_path "my file.pdf" %}', markdown: "[PDF](report.pdf) my%20file.pdf" },
    { name: "asset_link", body: "{% asset_link report.pdf Annual report %} {% asset_link report.pdf %}", markdown: "[Annual report](report.pdf) [report.pdf](report.pdf)" },
    {
      name: "img with class, size, title and alt",
      body: `{% img left /images/a.jpg 200 100 '"Title text" "Alt text"' %}`,
      markdown: '<img src="/images/a.jpg" alt="Alt text" title="Title text" width="200" height="100">',
    },
    { name: "img", body: "{% img http://example.com/a.png A title %}", markdown: "![A title](http://example.com/a.png)" },
    { name: "blockquote", body: "{% blockquote %}\nQuote\n{% endblockquote %}", markdown: "<blockquote>\n\nQuote\n\n</blockquote>" },
    {
      name: "blockquote with author and source",
      body: "{% blockquote David Levithan, Wide Awake %}\nDo not just\n{% endblockquote %}",
      markdown: "<blockquote>\n\nDo not just\n\n<p>— <strong>David Levithan</strong>, <cite>Wide Awake</cite></p>\n</blockquote>",
    },
    {
      name: "blockquote with author, link and title",
      body: "{% blockquote Seth Godin http://sethgodin.example/welcome Welcome to Island Marketing %}\nEvery interaction\n{% endblockquote %}",
      markdown:
        '<blockquote>\n\nEvery interaction\n\n<p>— <strong>Seth Godin</strong>, <cite><a href="http://sethgodin.example/welcome">Welcome to Island Marketing</a></cite></p>\n</blockquote>',
    },
    { name: "pullquote", body: "{% pullquote left %}\nBig words\n{% endpullquote %}", markdown: "<blockquote>\n\nBig words\n\n</blockquote>" },
    { name: "post_link", body: "{% post_link hello-world %}", markdown: "[Hello \\[World\\]](/2020/05/06/hello-world/)" },
    {
      name: "post_link with text",
      body: "{% post_link hello-world 'Read it' %} {% post_link hello-world Read it false %}",
      markdown: "[Read it](/2020/05/06/hello-world/) [Read it](/2020/05/06/hello-world/)",
    },
    { name: "post_link not found", body: "{% post_link gone-post %}", markdown: "gone-post", warnings: [[5, "{% post_link %}", missing("gone-post")]] },
    { name: "post_path", body: "[x]({% post_path hello-world %})", markdown: "[x](/2020/05/06/hello-world/)" },
    {
      name: "youtube",
      body: "{% youtube lJIrF4YjHfQ %}\n{% youtube PL9hW1uS6HUfscJ9DHkOSoOX45MjXduUxo playlist %}\n{% youtube lJIrF4YjHfQ video false %}",
      markdown: [
        YOUTUBE("https://www.youtube.com/embed/lJIrF4YjHfQ"),
        YOUTUBE("https://www.youtube.com/embed/videoseries?list=PL9hW1uS6HUfscJ9DHkOSoOX45MjXduUxo"),
        YOUTUBE("https://www.youtube-nocookie.com/embed/lJIrF4YjHfQ"),
      ].join("\n"),
    },
    { name: "youtube, not an id", body: '{% youtube "><script> %}', markdown: "", warnings: [[5, "{% youtube %}", "removed: it names no video"]] },
    { name: "vimeo", body: "{% vimeo 82090131 %}", markdown: '<iframe src="https://player.vimeo.com/video/82090131" title="Vimeo video" allowfullscreen></iframe>' },
    { name: "iframe", body: "{% iframe https://www.youtube.com/embed/x 560 315 %}", markdown: '<iframe src="https://www.youtube.com/embed/x" width="560" height="315"></iframe>' },
    { name: "link", body: "{% link Hexo https://hexo.io true Hexo site %}", markdown: '[Hexo](https://hexo.io "Hexo site")' },
    {
      name: "include_code",
      body: "{% include_code lang:javascript test.js %}",
      markdown: "",
      warnings: [[5, "{% include_code %}", "removed: it reads a file of the site's source/ folder, which this build does not have"]],
    },
  ])("$name", check);
});

describe("Hugo", () => {
  it.each<Row>([
    {
      name: "figure",
      body: '{{< figure src="elephant.jpg" alt="An elephant" link="https://example.org" caption="A **big** one" title="Elephant" attr="Photo: Me" attrlink="https://me.example" width="600" height="400" >}}',
      markdown:
        '<figure><a href="https://example.org"><img src="elephant.jpg" alt="An elephant" width="600" height="400"></a><figcaption><h4>Elephant</h4><p>A <strong>big</strong> one <a href="https://me.example">Photo: Me</a></p></figcaption></figure>',
    },
    { name: "figure, self-closing, in {{% %}}", body: '{{% figure src="/a.png" /%}}', markdown: '<figure><img src="/a.png"></figure>' },
    {
      name: "figure, alt from the caption",
      body: '{{< figure src="a.png" caption="Say *hi*" >}}',
      markdown: '<figure><img src="a.png" alt="Say hi"><figcaption><p>Say <em>hi</em></p></figcaption></figure>',
    },
    { name: "figure without src", body: '{{< figure alt="x" >}}', markdown: "", warnings: [[5, "{{< figure >}}", "removed: it has no src"]] },
    { name: "youtube", body: "{{< youtube w7Ft2ymGmfc >}}", markdown: YOUTUBE("https://www.youtube.com/embed/w7Ft2ymGmfc") },
    {
      name: "youtube, named",
      body: '{{< youtube id="w7Ft2ymGmfc" start="30" title="A talk" >}}',
      markdown: YOUTUBE("https://www.youtube.com/embed/w7Ft2ymGmfc?start=30", "A talk"),
    },
    {
      name: "vimeo",
      body: '{{< vimeo 55073825 >}} {{< vimeo id="55073825" title="T" >}}',
      markdown:
        '<iframe src="https://player.vimeo.com/video/55073825" title="Vimeo video" allowfullscreen></iframe> <iframe src="https://player.vimeo.com/video/55073825" title="T" allowfullscreen></iframe>',
    },
    { name: "highlight", body: '{{< highlight go "linenos=table,hl_lines=8" >}}\npackage main\n{{< /highlight >}}', markdown: "```go\npackage main\n```" },
    { name: "highlight keeps templates inside", body: "{{< highlight html >}}\n<p>{{ .Title }}</p>\n{{< /highlight >}}", markdown: "```html\n<p>{{ .Title }}</p>\n```" },
    {
      name: "highlight never closed",
      body: "{{< highlight go >}}\nx",
      markdown: "\nx",
      warnings: [[5, "{{< highlight >}}", "removed: it is never closed with {{< /highlight >}}"]],
    },
    {
      name: "ref and relref",
      body: '[First]({{< ref "posts/first.md" >}}) {{< relref "first#intro" >}} {{< ref "/posts/first" >}} {{< ref path="first" >}} {{< ref "#local" >}}',
      markdown: "[First](/posts/first/) /posts/first/#intro /posts/first/ /posts/first/ #local",
    },
    { name: "ref not found, in a link", body: '[Gone]({{< ref "gone.md" >}})', markdown: "Gone", warnings: [[5, "{{< ref >}}", missing("gone.md")]] },
    {
      name: "param",
      body: '{{< param "mood" >}} | {{% param "mood" %}} | {{< param series >}} | {{< param author >}} | {{< param "social.x" >}} | {{< param TAGS >}}',
      markdown: "Calm \\*and\\* collected | Calm *and* collected | Notes | Site Author | edge | news, release",
    },
    {
      name: "param not found",
      body: '{{< param "nope" >}}',
      markdown: "",
      warnings: [[5, "{{< param >}}", 'removed: "nope" is neither in the front matter nor in the site\'s params']],
    },
    {
      name: "gist",
      body: "{{< gist jmooring 23932424365401ffa5e9d9810102a477 list.html >}}",
      markdown: "[Gist jmooring/23932424365401ffa5e9d9810102a477: list.html](https://gist.github.com/jmooring/23932424365401ffa5e9d9810102a477#file-list-html)",
    },
    {
      name: "x and tweet",
      body: '{{< x user="SanDiegoZoo" id="1453110110599868418" >}}\n{{< tweet user="SanDiegoZoo" id="1453110110599868418" >}}\n{{< tweet 1453110110599868418 >}}',
      markdown:
        "[Post by @SanDiegoZoo](https://x.com/SanDiegoZoo/status/1453110110599868418)\n[Post by @SanDiegoZoo](https://x.com/SanDiegoZoo/status/1453110110599868418)\n[Post on X](https://x.com/i/status/1453110110599868418)",
    },
    { name: "instagram", body: "{{< instagram CxOWiQNP2MO >}}", markdown: "[Instagram post CxOWiQNP2MO](https://www.instagram.com/p/CxOWiQNP2MO/)" },
    { name: "details", body: '{{< details summary="See the details" >}}\nThis is **bold**.\n{{< /details >}}', markdown: "**See the details**\n\nThis is **bold**.\n" },
    { name: "details, default summary", body: "{{< details >}}x{{< /details >}}", markdown: "**Details**\n\nx" },
    {
      name: "qr",
      body: '{{< qr text="https://gohugo.io" />}}\n{{< qr >}}\nhttps://gohugo.io\n{{< /qr >}}',
      markdown: "\n",
      warnings: [[5, "{{< qr >}}", "removed: a QR code is an image this build does not draw (also at line 6)"]],
    },
    { name: "comment", body: "{{< comment >}}hidden{{< /comment >}}shown", markdown: "shown" },
    {
      name: "a site's own shortcode keeps its inner text",
      body: "{{< notice warning >}}\nBe careful.\n{{< /notice >}}",
      markdown: "\nBe careful.\n",
      warnings: [[5, "{{< notice >}}", `removed, its inner text kept: ${OWN_SHORTCODE}`]],
    },
    { name: "a site's own shortcode, alone", body: "{{% toc %}}\nText", markdown: "\nText", warnings: [[5, "{{% toc %}}", `removed: ${OWN_SHORTCODE}`]] },
    {
      name: "inline shortcodes go with their template",
      body: "{{< time.inline >}}{{ now }}{{< /time.inline >}}.",
      markdown: ".",
      warnings: [[5, "{{< time.inline >}}", "removed with its inner text: an inline shortcode's inner text is a template, which this build does not run"]],
    },
    { name: "nested", body: '{{< details summary="Video" >}}\n{{< youtube abc >}}\n{{< /details >}}', markdown: `**Video**\n\n${YOUTUBE("https://www.youtube.com/embed/abc")}\n` },
    { name: "a stray closing tag", body: "{{< /notice >}}", markdown: "", warnings: [[5, "{{< /notice >}}", "removed: it closes no shortcode"]] },
    {
      name: "quoted arguments with escapes and raw strings",
      body: '{{< figure src="a b.png" title="Say \\"hi\\"" >}}',
      markdown: '<figure><img src="a b.png"><figcaption><h4>Say &#34;hi&#34;</h4></figcaption></figure>',
    },
    { name: "arguments across lines", body: '{{< figure\n  src="a.png"\n  title="T"\n>}}', markdown: '<figure><img src="a.png"><figcaption><h4>T</h4></figcaption></figure>' },
  ])("$name", check);
});

describe("Zola", () => {
  it.each<Row>([
    { name: "shortcode", body: '{{ youtube(id="dQw4w9WgXcQ", autoplay=true) }}', markdown: "", warnings: [[5, "{{ youtube(...) }}", `removed: ${ZOLA}`]] },
    { name: "without arguments", body: "A{{ hr() }}B", markdown: "AB", warnings: [[5, "{{ hr(...) }}", `removed: ${ZOLA}`]] },
    { name: "arguments across lines", body: '{{ image(\n  src="a.png",\n  alt="x"\n) }}', markdown: "", warnings: [[5, "{{ image(...) }}", `removed: ${ZOLA}`]] },
    {
      name: "block shortcode keeps its body",
      body: '{% quote(author="Vincent") %}\nA **quote**\n{% end %}',
      markdown: "\nA **quote**\n",
      warnings: [[5, "{% quote(...) %}", `removed, its body kept: ${ZOLA}`]],
    },
    { name: "block shortcode without end", body: "{% note() %}\nText", markdown: "\nText", warnings: [[5, "{% note(...) %}", `removed: ${ZOLA}; it has no {% end %}`]] },
    { name: "next to Liquid", body: "{{ page.title }} {{ title(x=1) }}", markdown: "A post ", warnings: [[5, "{{ title(...) }}", `removed: ${ZOLA}`]] },
  ])("$name", check);
});

describe("warnings", () => {
  it("name the file's line, one per construct and problem, in line order, with the other lines listed", () => {
    const body = "{% include a.html %}\n{% seo %}\n\n```\n{% include code.html %}\n```\n{% include b.html %}\n{% include c.html %}";
    expect(expandTemplates(body, templateContext({ firstLine: 10 })).warnings).toEqual([
      { line: 10, construct: "{% include %}", message: `${INCLUDE} (also at lines 16, 17)` },
      { line: 11, construct: "{% seo %}", message: UNKNOWN_TAG },
    ]);
  });

  it("count lines past code blocks and multi-line constructs", () => {
    const body = "```\na\nb\n```\n{{< figure\n  src=x\n>}}\n{% raw %}\n\n{% endraw %}\n`c\nd`\n{% seo %}";
    expect(expand(body).warnings).toEqual([[17, "{% seo %}", UNKNOWN_TAG]]);
  });

  it("count lines in Liquid's own errors past removed constructs", () => {
    expect(expand("{% include x %}\n{{ a }}\n{% for %}").warnings.map(([line, construct]) => [line, construct])).toEqual([
      [5, "{% include %}"],
      [6, "{{ a }}"],
      [7, "{% for %}"],
    ]);
  });
});

describe("through the renderer and its sanitiser", () => {
  const policy = siteSettings({});
  const render = (body: string) => renderMarkdown(expand(body).markdown, "/posts/p/", policy);

  it("renders a note's inner Markdown inside the quote", () => {
    expect(render("{% note info %}\n**Bold** and [a link](x.html)\n{% endnote %}").html).toBe(
      '<blockquote>\n<p><strong>Bold</strong> and <a href="/posts/p/x.html">a link</a></p>\n</blockquote>',
    );
  });

  it("keeps a figure, its image resolved against the article", () => {
    expect(render('{{< figure src="a.png" caption="Cap" >}}').html).toBe('<figure><img src="/posts/p/a.png" alt="Cap" /><figcaption><p>Cap</p></figcaption></figure>');
  });

  it("keeps players on the page and links to them in feeds", () => {
    const rendered = render("{{< youtube w7Ft2ymGmfc >}}");
    expect(rendered.html).toBe('<a href="https://www.youtube.com/embed/w7Ft2ymGmfc">YouTube video</a>');
    expect(rendered.pageHtml).toBe(
      `<iframe src="https://www.youtube.com/embed/w7Ft2ymGmfc" title="YouTube video" sandbox="${IFRAME_SANDBOX}" allowfullscreen loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>`,
    );
  });

  it("renders a highlight in a list item as code in the item", () => {
    expect(render("1. Install:\n\n   {% highlight bash %}\n   npm install\n   {% endhighlight %}\n\n2. Run").html).toBe(
      '<ol>\n<li>\n<p>Install:</p>\n<pre><code class="language-bash">npm install\n</code></pre>\n</li>\n<li>\n<p>Run</p>\n</li>\n</ol>\n',
    );
  });

  it("renders a Hexo blockquote with its footer inside the quote", () => {
    expect(render("{% blockquote Ann, A Book %}\nWords\n{% endblockquote %}").html).toBe(
      "<blockquote>\n<p>Words</p>\n<p>— <strong>Ann</strong>, <cite>A Book</cite></p>\n</blockquote>",
    );
  });
});

describe("whole posts", () => {
  /** The text a reader sees outside code in `html`. */
  const proseText = (html: string) =>
    DomUtils.findAll((node) => !["pre", "code"].includes(node.name), parseDocument(`<div>${html}</div>`).children)
      .flatMap((element) => element.children.filter((child) => child.type === "text").map((child) => DomUtils.textContent(child)))
      .join("");

  it.each(Object.entries(TEMPLATE_POSTS))("%s", (_name, post) => {
    const result = expand(post.body);
    expect(result).toEqual({ markdown: post.markdown, warnings: post.warnings });
    const rendered = renderMarkdown(result.markdown, "/posts/p/", siteSettings({}));
    expect(proseText(rendered.pageHtml ?? rendered.html)).not.toMatch(/\{\{|\{%/);
  });
});

describe("property: mixtures of every dialect with code", () => {
  const prose = ["alpha", "beta gamma", "中文", "100%", "{x}", '{ "a": 1 }', "a } b", "%} 5"];
  const code = ["`{{ code.one }}`", "``{% code two %}``", "\n\n```\n{% code three %}\n{{ code.four }}\n```\n\n", "\n\n    {{ code.five }}\n    {% code six %}\n\n"];
  const templates = [
    "{{ page.title }}",
    "{{ site.nope }}",
    "{% include a.html %}",
    "{% seo %}",
    "{% tabs %}inner{% endtabs %}",
    "{% highlight js %}\nlet a = 1;\n{% endhighlight %}",
    "{% note info %}\nnote text\n{% endnote %}",
    "{% asset_img a.png T %}",
    "{% post_link hello-world %}",
    "{% post_url 2019-01-12-gone %}",
    "{% if page.title %}yes{% endif %}",
    "{% for t in page.tags %}{{ t }}{% endfor %}",
    "{% if page.title %}",
    "{% endif %}",
    "{{ page.title | shout }}",
    "{{ .Title }}",
    "{% comment %}{{ hidden }}{% endcomment %}",
    '{{< figure src="a.png" >}}',
    "{{< notice >}}in{{< /notice >}}",
    "{{% toc %}}",
    '{{< ref "first" >}}',
    "{{< /stray >}}",
    '{{ youtube(id="x") }}',
    "{% quote(a=1) %}body{% end %}",
  ];
  const body = fc
    .array(fc.tuple(fc.constantFrom(...prose, ...code, ...templates), fc.constantFrom(" ", "\n", "\n\n")), { maxLength: 12 })
    .map((parts) => parts.map(([part, separator]) => part + separator).join(""));

  it("keeps code as written and lets no template syntax through elsewhere", () => {
    fc.assert(
      fc.property(body, (text) => {
        const first = expandTemplates(text, templateContext());
        expect(expandTemplates(text, templateContext())).toEqual(first);
        let rest = first.markdown;
        for (const piece of code) {
          expect(rest.split(piece.trim()).length).toBeGreaterThanOrEqual(text.split(piece.trim()).length);
          rest = rest.replaceAll(piece.trim(), "");
        }
        expect(rest).not.toMatch(/\{\{|\{%/);
      }),
      { numRuns: 300 },
    );
  });

  it("returns bodies of prose and braces unchanged", () => {
    const plain = fc.array(fc.constantFrom(...prose, "{", "}", "%", "`x`", "\n"), { maxLength: 30 }).map((parts) => parts.join(" "));
    fc.assert(
      fc.property(plain, (text) => {
        expect(expandTemplates(text, templateContext())).toEqual({ markdown: text, warnings: [] });
      }),
    );
  });
});
