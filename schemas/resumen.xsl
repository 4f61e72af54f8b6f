<?xml version="1.0" encoding="UTF-8"?>
<!--
  resumen.xsl - a batch's summary as one HTML page, OUT_DIR/index.html: what
  was converted, what is complete, what is missing, at a glance.  A table
  with a row per file (sortable and filterable by the small script at the
  end; a link may carry a view: index.html#estado=incomplete&q=...&orden=N),
  and inline SVG charts: completeness by year and by body, and the
  findings raised most often.  Everything is inline; nothing is fetched.

  Input (made by dashboard.c from resumen.jsonl): a resumen element holding
  one archivo element per file, its columns as attributes (ruta, estado,
  institucion, ejercicio, trimestre, the counts, xml and html: the paths of
  its outputs) and a hallazgo element per finding (codigo).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <xsl:key name="by-year" match="archivo" use="string(@ejercicio)"/>
  <xsl:key name="by-body" match="archivo" use="string(@institucion)"/>
  <xsl:key name="by-finding" match="hallazgo" use="@codigo"/>

  <!-- the chart's bar length unit: pixels for the largest value -->
  <xsl:variable name="bar-width" select="360"/>

  <xsl:template match="/">
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
    <xsl:apply-templates select="resumen"/>
  </xsl:template>

  <xsl:template match="resumen">
    <xsl:variable name="all" select="archivo"/>
    <html lang="es">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Resumen del lote: <xsl:value-of select="count($all)"/> archivos</title>
        <style>
          :root { --ink: #1a1a1a; --muted: #4d4d4d; --line: #c8c8c8; --ok: #1b5e20;
                  --warn: #8a4b00; --bad: #b00020; }
          * { box-sizing: border-box; }
          body { margin: 0; font: 16px/1.5 system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
                 color: var(--ink); background: #fff; }
          header, main { max-width: 80rem; margin: 0 auto; padding: 0 1rem; }
          header { padding-top: 1.5rem; border-bottom: 2px solid var(--ink); }
          h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
          h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); }
          .totals { display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0 1rem; padding: 0;
                    list-style: none; }
          .totals li { border: 1px solid var(--line); padding: .4rem .8rem; border-radius: .25rem; }
          .totals strong { font-size: 1.3rem; display: block; }
          .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1.5rem; }
          figure { margin: 0; }
          figcaption { font-weight: 600; margin-bottom: .4rem; }
          svg { max-width: 100%; height: auto; }
          svg text { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: var(--ink); }
          .legend span { display: inline-block; margin-right: 1rem; font-size: .85rem; }
          .sw { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: middle; }
          .controls { display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0; align-items: end; }
          label { font-size: .9rem; color: var(--muted); display: block; }
          input, select { font: inherit; padding: .25rem .4rem; }
          .scroll { overflow-x: auto; }
          table { border-collapse: collapse; width: 100%; font-size: .95rem; }
          th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
                   border-bottom: 1px solid var(--line); }
          th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0;
                      cursor: pointer; color: var(--ink); text-align: left; }
          td.n, th.n { text-align: right; }
          .estado-complete { color: var(--ok); font-weight: 600; }
          .estado-incomplete { color: var(--warn); font-weight: 600; }
          .estado-error { color: var(--bad); font-weight: 600; }
          .codes { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85em; }
        </style>
      </head>
      <body>
        <header>
          <h1>Resumen del lote</h1>
          <ul class="totals">
            <li><strong><xsl:value-of select="count($all)"/></strong>archivos</li>
            <li class="estado-complete"><strong><xsl:value-of select="count($all[@estado='complete'])"/></strong>completos</li>
            <li class="estado-incomplete"><strong><xsl:value-of select="count($all[@estado='incomplete'])"/></strong>incompletos</li>
            <li class="estado-error"><strong><xsl:value-of select="count($all[@estado='error'])"/></strong>con error</li>
            <li><strong><xsl:value-of select="count(//hallazgo)"/></strong>hallazgos</li>
          </ul>
        </header>
        <main>
          <section aria-labelledby="graficas-h">
            <h2 id="graficas-h">Completitud</h2>
            <p class="legend">
              <span><span class="sw" style="background:#1b5e20"></span>completos</span>
              <span><span class="sw" style="background:#e0a040"></span>incompletos</span>
              <span><span class="sw" style="background:#b00020"></span>con error</span>
            </p>
            <div class="charts">
              <xsl:call-template name="stacked-chart">
                <xsl:with-param name="caption">Por ejercicio</xsl:with-param>
                <xsl:with-param name="groups" select="$all[generate-id() = generate-id(key('by-year', string(@ejercicio))[1])]"/>
                <xsl:with-param name="key">by-year</xsl:with-param>
                <xsl:with-param name="attr">ejercicio</xsl:with-param>
              </xsl:call-template>
              <xsl:call-template name="stacked-chart">
                <xsl:with-param name="caption">Por institución</xsl:with-param>
                <xsl:with-param name="groups" select="$all[generate-id() = generate-id(key('by-body', string(@institucion))[1])]"/>
                <xsl:with-param name="key">by-body</xsl:with-param>
                <xsl:with-param name="attr">institucion</xsl:with-param>
              </xsl:call-template>
              <xsl:call-template name="findings-chart"/>
            </div>
          </section>
          <section aria-labelledby="archivos-h">
            <h2 id="archivos-h">Archivos</h2>
            <div class="controls">
              <div>
                <label for="filtro">Filtrar (institución, archivo, hallazgo)</label>
                <input id="filtro" type="search" placeholder="texto a buscar"/>
              </div>
              <div>
                <label for="estado">Estado</label>
                <select id="estado">
                  <option value="">todos</option>
                  <option value="complete">completos</option>
                  <option value="incomplete">incompletos</option>
                  <option value="error">con error</option>
                </select>
              </div>
              <p id="cuenta" aria-live="polite"><xsl:value-of select="count($all)"/> de <xsl:value-of select="count($all)"/> archivos</p>
            </div>
            <div class="scroll">
              <table id="archivos">
                <caption class="legend">Pulse un encabezado para ordenar por esa columna.</caption>
                <thead>
                  <tr>
                    <th scope="col"><button type="button">Archivo</button></th>
                    <th scope="col"><button type="button">Institución</button></th>
                    <th scope="col" class="n"><button type="button">Ejercicio</button></th>
                    <th scope="col" class="n"><button type="button">Trimestre</button></th>
                    <th scope="col"><button type="button">Estado</button></th>
                    <th scope="col" class="n"><button type="button">FODA</button></th>
                    <th scope="col" class="n"><button type="button">Objetivos</button></th>
                    <th scope="col" class="n"><button type="button">Líneas</button></th>
                    <th scope="col"><button type="button">Hallazgos</button></th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:apply-templates select="$all"/>
                </tbody>
              </table>
            </div>
          </section>
        </main>
        <script>
          <xsl:text disable-output-escaping="yes"><![CDATA[
(function () {
  var table = document.getElementById('archivos');
  var body = table.tBodies[0];
  var text = document.getElementById('filtro');
  var state = document.getElementById('estado');
  var count = document.getElementById('cuenta');
  function cell(row, i) { return row.cells[i].getAttribute('data-v') || row.cells[i].textContent.trim(); }
  function filter() {
    var q = text.value.toLowerCase(), s = state.value, shown = 0, rows = body.rows;
    for (var i = 0; i < rows.length; i++) {
      var ok = (!s || rows[i].getAttribute('data-estado') === s) &&
               (!q || rows[i].textContent.toLowerCase().indexOf(q) >= 0);
      rows[i].hidden = !ok;
      shown += ok ? 1 : 0;
    }
    count.textContent = shown + ' de ' + rows.length + ' archivos';
  }
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    th.querySelector('button').addEventListener('click', function () {
      var up = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = cell(a, i), y = cell(b, i), nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'es');
        return up ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  text.addEventListener('input', filter);
  state.addEventListener('change', filter);
  // a link may carry a view: #estado=incomplete&q=texto&orden=3 (a column, from 1)
  var view = {};
  location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
    var i = kv.indexOf('=');
    if (i > 0) view[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
  });
  if (view.q) text.value = view.q;
  if (view.estado) state.value = view.estado;
  if (view.q || view.estado) filter();
  var col = parseInt(view.orden, 10);
  if (col >= 1 && col <= heads.length) heads[col - 1].querySelector('button').click();
})();
]]></xsl:text>
        </script>
      </body>
    </html>
  </xsl:template>

  <!-- ===== the table ===== -->

  <xsl:template match="archivo">
    <tr data-estado="{@estado}">
      <td>
        <xsl:choose>
          <xsl:when test="@html"><a href="{@html}"><xsl:value-of select="@ruta"/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="@ruta"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="@xml"> · <a href="{@xml}">XML</a></xsl:if>
      </td>
      <td><xsl:value-of select="@institucion"/></td>
      <td class="n"><xsl:value-of select="@ejercicio"/></td>
      <td class="n"><xsl:value-of select="@trimestre"/></td>
      <td class="estado-{@estado}" data-v="{@estado}">
        <xsl:choose>
          <xsl:when test="@estado = 'complete'">completo</xsl:when>
          <xsl:when test="@estado = 'incomplete'">incompleto</xsl:when>
          <xsl:otherwise>error<xsl:if test="@mensaje">: <xsl:value-of select="@mensaje"/></xsl:if></xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="n" data-v="{@fortalezas + @debilidades + @oportunidades + @amenazas}">
        <xsl:value-of select="@fortalezas"/>/<xsl:value-of select="@debilidades"/>/<xsl:value-of select="@oportunidades"/>/<xsl:value-of select="@amenazas"/>
      </td>
      <td class="n"><xsl:value-of select="@objetivos"/></td>
      <td class="n"><xsl:value-of select="@lineas"/></td>
      <td class="codes" data-v="{count(hallazgo)}">
        <xsl:for-each select="hallazgo">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:value-of select="@codigo"/>
        </xsl:for-each>
      </td>
    </tr>
  </xsl:template>

  <!-- ===== the charts ===== -->

  <!-- one stacked bar per group of files sharing ATTR (a year, a body):
       complete, incomplete, error; the LIMIT largest groups -->
  <xsl:template name="stacked-chart">
    <xsl:param name="caption"/>
    <xsl:param name="groups"/>
    <xsl:param name="key"/>
    <xsl:param name="attr"/>
    <xsl:param name="limit" select="15"/>
    <xsl:variable name="max">
      <xsl:for-each select="$groups">
        <xsl:sort select="count(key($key, string(@*[local-name() = $attr])))" data-type="number" order="descending"/>
        <xsl:if test="position() = 1"><xsl:value-of select="count(key($key, string(@*[local-name() = $attr])))"/></xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="rows">
      <xsl:choose>
        <xsl:when test="count($groups) &gt; $limit"><xsl:value-of select="$limit"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="count($groups)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <figure>
      <figcaption>
        <xsl:value-of select="$caption"/>
        <xsl:if test="count($groups) &gt; $limit"> (los <xsl:value-of select="$limit"/> con más archivos de <xsl:value-of select="count($groups)"/>)</xsl:if>
      </figcaption>
      <svg xmlns="http://www.w3.org/2000/svg" role="img" width="{$bar-width + 290}" height="{$rows * 26 + 10}"
           viewBox="0 0 {$bar-width + 290} {$rows * 26 + 10}">
        <title><xsl:value-of select="$caption"/>: archivos completos, incompletos y con error</title>
        <xsl:for-each select="$groups">
          <xsl:sort select="count(key($key, string(@*[local-name() = $attr])))" data-type="number" order="descending"/>
          <xsl:sort select="@*[local-name() = $attr]"/>
          <xsl:if test="position() &lt;= $limit">
            <xsl:variable name="members" select="key($key, string(@*[local-name() = $attr]))"/>
            <xsl:variable name="ok" select="count($members[@estado = 'complete'])"/>
            <xsl:variable name="inc" select="count($members[@estado = 'incomplete'])"/>
            <xsl:variable name="bad" select="count($members[@estado = 'error'])"/>
            <xsl:variable name="y" select="(position() - 1) * 26 + 4"/>
            <xsl:variable name="unit" select="$bar-width div $max"/>
            <xsl:variable name="name" select="string(@*[local-name() = $attr])"/>
            <text x="0" y="{$y + 14}">
              <xsl:choose>
                <xsl:when test="$name = ''">(sin dato)</xsl:when>
                <xsl:when test="string-length($name) &gt; 28"><xsl:value-of select="substring($name, 1, 27)"/>…</xsl:when>
                <xsl:otherwise><xsl:value-of select="$name"/></xsl:otherwise>
              </xsl:choose>
            </text>
            <rect x="200" y="{$y}" width="{$ok * $unit}" height="18" fill="#1b5e20"/>
            <rect x="{200 + $ok * $unit}" y="{$y}" width="{$inc * $unit}" height="18" fill="#e0a040"/>
            <rect x="{200 + ($ok + $inc) * $unit}" y="{$y}" width="{$bad * $unit}" height="18" fill="#b00020"/>
            <text x="{206 + ($ok + $inc + $bad) * $unit}" y="{$y + 14}">
              <xsl:value-of select="$ok"/> de <xsl:value-of select="$ok + $inc + $bad"/>
            </text>
          </xsl:if>
        </xsl:for-each>
      </svg>
    </figure>
  </xsl:template>

  <!-- the findings raised most often, ten at most -->
  <xsl:template name="findings-chart">
    <xsl:variable name="codes" select="//hallazgo[generate-id() = generate-id(key('by-finding', @codigo)[1])]"/>
    <xsl:variable name="max">
      <xsl:for-each select="$codes">
        <xsl:sort select="count(key('by-finding', @codigo))" data-type="number" order="descending"/>
        <xsl:if test="position() = 1"><xsl:value-of select="count(key('by-finding', @codigo))"/></xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="shown">
      <xsl:choose>
        <xsl:when test="count($codes) &gt; 10">10</xsl:when>
        <xsl:otherwise><xsl:value-of select="count($codes)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <figure>
      <figcaption>Hallazgos más frecuentes</figcaption>
      <xsl:choose>
        <xsl:when test="$codes">
          <svg xmlns="http://www.w3.org/2000/svg" role="img" width="{$bar-width + 260}" height="{$shown * 26 + 10}"
               viewBox="0 0 {$bar-width + 260} {$shown * 26 + 10}">
            <title>Hallazgos más frecuentes y cuántas veces aparecen</title>
            <xsl:for-each select="$codes">
              <xsl:sort select="count(key('by-finding', @codigo))" data-type="number" order="descending"/>
              <xsl:sort select="@codigo"/>
              <xsl:if test="position() &lt;= 10">
                <xsl:variable name="n" select="count(key('by-finding', @codigo))"/>
                <xsl:variable name="y" select="(position() - 1) * 26 + 4"/>
                <text x="0" y="{$y + 14}"><xsl:value-of select="@codigo"/></text>
                <rect x="230" y="{$y}" width="{$n * $bar-width div $max}" height="18" fill="#8a4b00"/>
                <text x="{236 + $n * $bar-width div $max}" y="{$y + 14}"><xsl:value-of select="$n"/></text>
              </xsl:if>
            </xsl:for-each>
          </svg>
        </xsl:when>
        <xsl:otherwise><p>Ningún hallazgo.</p></xsl:otherwise>
      </xsl:choose>
    </figure>
  </xsl:template>

</xsl:stylesheet>
