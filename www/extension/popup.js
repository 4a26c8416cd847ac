// The popup shown on pages the extension may not read (chrome:// pages, the web store, the
// PDF viewer …): the background sets it for that tab with the reason in the query string.
const params = new URLSearchParams(location.search);
const text = params.get('text');
if (text) document.getElementById('text').textContent = text;
