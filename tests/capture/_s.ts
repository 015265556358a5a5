import { sanitizeHtml } from '../../src/core/capture/sanitize.js';
const x = `<p onclick="x">a<script>alert(1)</script><img src=x onerror=alert(1)><a href="jav&#x09;ascript:alert(1)" target=_blank>l</a> <a href=" /rel">rel</a></p>
<table><tr><td>1</td><td>2<div>x</div></td></tr>junk</table><p>outer<div>inner</div></p><pre>
code  here</pre><svg><script>alert(1)</script></svg><style>@import url(x)</style><iframe srcdoc="<script>"></iframe><form><input value=1>Form text</form><center>c</center><font>f</font>`;
console.log(sanitizeHtml(x, { baseUrl: 'https://ex.com/a/b.html' }));
console.log(sanitizeHtml(sanitizeHtml(x, { baseUrl: 'https://ex.com/a/b.html' })) === sanitizeHtml(x, { baseUrl: 'https://ex.com/a/b.html' }));
