import { createHash } from 'node:crypto';

/**
 * The page's only stylesheet, inline (no request) and allowed by its hash in the CSP. Mobile
 * first; every colour pair is at least 4.5:1 (body #1b1b1b/#fff 17:1, muted #4a4a4a/#fff 8.9:1,
 * button #fff/#0a58a8 6.9:1, badge #0b3d73/#e8f1fb 10:1, error #9d0012/#fff 9:1).
 */
export const pageCss = `
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1b1b1b;background:#fff}
body{margin:0}
header,main,footer{max-width:40rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid #d0d0d0}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
p{margin:.25rem 0 .75rem}
.muted,.by,time{color:#4a4a4a}
.case{border-top:2px solid #d0d0d0;margin-top:1rem}
.state{font-weight:700}
fieldset{border:1px solid #bdbdbd;border-radius:.5rem;padding:.5rem .75rem;margin:0 0 .75rem}
legend{font-weight:700;padding:0 .25rem}
.option{display:flex;gap:.5rem;align-items:flex-start;padding:.5rem 0;border-bottom:1px solid #e2e2e2}
.option:last-child{border-bottom:0}
.option input{margin-top:.35rem;width:1.25rem;height:1.25rem;flex:none}
.option label{flex:1}
.option dl{display:grid;grid-template-columns:auto 1fr;gap:0 .75rem;margin:.25rem 0 0}
.option dt{color:#4a4a4a}
.option dd{margin:0}
.badge{display:inline-block;background:#e8f1fb;color:#0b3d73;border-radius:1rem;padding:0 .5rem;font-size:.85rem;margin-left:.25rem}
.scores{display:flex;flex-wrap:wrap;gap:.5rem 1rem}
label{display:block}
.scores label,.option label{display:inline}
input[type=datetime-local],input[type=file],textarea{display:block;width:100%;font:inherit;padding:.5rem;border:1px solid #6b6b6b;border-radius:.375rem;margin:.25rem 0 .75rem}
textarea{min-height:4.5rem}
button{font:inherit;font-weight:700;color:#fff;background:#0a58a8;border:0;border-radius:.375rem;padding:.75rem 1rem;min-height:2.75rem;cursor:pointer}
button[disabled]{background:#4a4a4a}
:focus-visible{outline:3px solid #0a58a8;outline-offset:2px}
button:focus-visible{outline-color:#1b1b1b}
.error{color:#9d0012;font-weight:700}
.done{color:#1b5e20;font-weight:700}
.timeline{list-style:none;padding:0;margin:0}
.timeline li{border-left:3px solid #0a58a8;padding:.25rem 0 .5rem .75rem;margin-bottom:.5rem}
.timeline .title{font-weight:700}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (prefers-reduced-motion:no-preference){.flash{animation:flash 1.5s ease-out}}
@keyframes flash{from{background:#fff6cc}to{background:transparent}}
`.trim();

/** For `style-src` in the page's Content-Security-Policy. */
export const pageCssHash = `'sha256-${createHash('sha256').update(pageCss).digest('base64')}'`;
