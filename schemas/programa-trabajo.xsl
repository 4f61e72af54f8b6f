<?xml version="1.0" encoding="UTF-8"?>
<!--
  programa-trabajo.xsl - a converted work programme (programa-trabajo.xsd) as
  one HTML page for a person: its identity, mission and vision, the FODA as a
  2x2 grid, the plan as a tree with each element's page, the completeness
  findings beside the elements they name, and what was not placed.

  XSLT 1.0 (libxslt, xsltproc).  Everything is inline: no script, no font and
  no style is fetched.  poa2xml convert applies it with its html option, or
  apply it with xsltproc programa-trabajo.xsl OUT.xml (the page on standard
  output).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:poa2xml:programa-trabajo:1"
    exclude-result-prefixes="p">

  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <!-- findings by the element number (or metadata field) they name -->
  <xsl:key name="finding" match="p:hallazgo" use="@ref"/>
  <!-- ... and by their code, for the sections they name ("mision.missing") -->
  <xsl:key name="finding-code" match="p:hallazgo" use="@codigo"/>

  <xsl:template match="/">
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
    <xsl:apply-templates select="p:programaTrabajo"/>
  </xsl:template>

  <xsl:template match="p:programaTrabajo">
    <xsl:variable name="m" select="p:metadatos"/>
    <html lang="es">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="{p:fuente/@herramienta}"/>
        <title>
          <xsl:call-template name="title"/>
        </title>
        <style>
          :root { --ink: #1a1a1a; --muted: #4d4d4d; --line: #c8c8c8; --ok: #1b5e20;
                  --warn: #8a4b00; --bad: #b00020; --bg-warn: #fff4e0; --bg-bad: #fde7ea; }
          * { box-sizing: border-box; }
          body { margin: 0; font: 16px/1.5 system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
                 color: var(--ink); background: #fff; }
          header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
          header { padding-top: 1.5rem; border-bottom: 2px solid var(--ink); }
          h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
          h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); }
          h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
          .sub { color: var(--muted); margin: 0 0 .75rem; }
          .verdict { display: inline-block; font-weight: 600; padding: .2rem .6rem; margin: 0 0 1rem;
                     border-radius: .25rem; }
          .verdict.completo { color: var(--ok); border: 1px solid var(--ok); }
          .verdict.incompleto { color: var(--bad); border: 1px solid var(--bad); background: var(--bg-bad); }
          table { border-collapse: collapse; width: 100%; }
          th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
                   border-bottom: 1px solid var(--line); }
          th { width: 14rem; color: var(--muted); font-weight: 600; }
          .missing { color: var(--bad); font-style: italic; }
          .pg { color: var(--muted); font-size: .85em; white-space: nowrap; }
          .code { font-weight: 700; margin-right: .35rem; white-space: nowrap; }
          .foda { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
          .foda section { border: 1px solid var(--line); border-top-width: 4px; padding: .75rem; }
          .foda .fortalezas { border-top-color: #1b5e20; }
          .foda .debilidades { border-top-color: #b00020; }
          .foda .oportunidades { border-top-color: #0d47a1; }
          .foda .amenazas { border-top-color: #8a4b00; }
          ol, ul { margin: .25rem 0; padding-left: 1.5rem; }
          ul.items { list-style: none; padding-left: 0; }
          li { margin: .2rem 0; }
          ol.plan, ol.plan ol { list-style: none; padding-left: 0; }
          ol.plan ol { margin-left: 1.25rem; border-left: 2px solid var(--line); padding-left: .75rem; }
          .kind { display: inline-block; min-width: 6.5rem; font-size: .8rem; text-transform: uppercase;
                  letter-spacing: .03em; color: var(--muted); }
          .flagged { background: var(--bg-warn); outline: 1px solid var(--warn); }
          .finding { display: block; color: var(--warn); font-size: .9rem; }
          .finding.error { color: var(--bad); }
          ul.findings li.error { color: var(--bad); }
          ul.findings li.aviso { color: var(--warn); }
          footer { color: var(--muted); font-size: .85rem; margin-top: 2rem; padding-bottom: 2rem;
                   border-top: 1px solid var(--line); word-break: break-all; }
          @media (max-width: 40rem) {
            .foda { grid-template-columns: 1fr; }
            th { width: auto; }
            .kind { min-width: 0; margin-right: .35rem; }
          }
        </style>
      </head>
      <body>
        <header>
          <h1>
            <xsl:choose>
              <xsl:when test="normalize-space($m/p:institucion)">
                <xsl:value-of select="$m/p:institucion"/>
              </xsl:when>
              <xsl:otherwise>Institución no identificada</xsl:otherwise>
            </xsl:choose>
          </h1>
          <p class="sub">
            <xsl:text>Programa de trabajo</xsl:text>
            <xsl:if test="$m/p:ejercicio"> · Ejercicio <xsl:value-of select="$m/p:ejercicio"/></xsl:if>
            <xsl:if test="$m/p:vigencia"> · Vigencia <xsl:value-of select="$m/p:vigencia/@desde"/>–<xsl:value-of select="$m/p:vigencia/@hasta"/></xsl:if>
            <xsl:if test="$m/p:trimestre"> · Trimestre <xsl:value-of select="$m/p:trimestre"/></xsl:if>
          </p>
          <xsl:apply-templates select="p:completitud" mode="verdict"/>
        </header>
        <main>
          <xsl:apply-templates select="p:completitud[p:hallazgo]"/>
          <xsl:apply-templates select="p:metadatos"/>
          <xsl:call-template name="paragraph">
            <xsl:with-param name="id">mision</xsl:with-param>
            <xsl:with-param name="heading">Misión</xsl:with-param>
            <xsl:with-param name="node" select="p:mision"/>
          </xsl:call-template>
          <xsl:call-template name="paragraph">
            <xsl:with-param name="id">vision</xsl:with-param>
            <xsl:with-param name="heading">Visión</xsl:with-param>
            <xsl:with-param name="node" select="p:vision"/>
          </xsl:call-template>
          <section id="foda" aria-labelledby="foda-h">
            <h2 id="foda-h">Análisis FODA</h2>
            <xsl:choose>
              <xsl:when test="p:foda">
                <div class="foda">
                  <xsl:call-template name="quadrant">
                    <xsl:with-param name="class">fortalezas</xsl:with-param>
                    <xsl:with-param name="heading">Fortalezas</xsl:with-param>
                    <xsl:with-param name="items" select="p:foda/p:fortalezas/*"/>
                  </xsl:call-template>
                  <xsl:call-template name="quadrant">
                    <xsl:with-param name="class">debilidades</xsl:with-param>
                    <xsl:with-param name="heading">Debilidades</xsl:with-param>
                    <xsl:with-param name="items" select="p:foda/p:debilidades/*"/>
                  </xsl:call-template>
                  <xsl:call-template name="quadrant">
                    <xsl:with-param name="class">oportunidades</xsl:with-param>
                    <xsl:with-param name="heading">Oportunidades</xsl:with-param>
                    <xsl:with-param name="items" select="p:foda/p:oportunidades/*"/>
                  </xsl:call-template>
                  <xsl:call-template name="quadrant">
                    <xsl:with-param name="class">amenazas</xsl:with-param>
                    <xsl:with-param name="heading">Amenazas</xsl:with-param>
                    <xsl:with-param name="items" select="p:foda/p:amenazas/*"/>
                  </xsl:call-template>
                </div>
              </xsl:when>
              <xsl:otherwise>
                <p class="missing">No se encontró el análisis FODA.</p>
                <xsl:apply-templates select="key('finding-code', 'foda.missing')" mode="inline"/>
              </xsl:otherwise>
            </xsl:choose>
          </section>
          <section id="plan" aria-labelledby="plan-h">
            <h2 id="plan-h">Ejes, objetivos y líneas de acción</h2>
            <xsl:choose>
              <xsl:when test="p:objetivos/*">
                <p class="sub">
                  <xsl:value-of select="count(//p:eje)"/> ejes ·
                  <xsl:value-of select="count(//p:objetivo)"/> objetivos ·
                  <xsl:value-of select="count(//p:estrategia)"/> estrategias ·
                  <xsl:value-of select="count(//p:lineaAccion)"/> líneas de acción
                </p>
                <ol class="plan">
                  <xsl:apply-templates select="p:objetivos/*"/>
                </ol>
              </xsl:when>
              <xsl:otherwise>
                <p class="missing">No se encontraron objetivos ni líneas de acción.</p>
                <xsl:apply-templates select="key('finding-code', 'objetivos.missing')" mode="inline"/>
              </xsl:otherwise>
            </xsl:choose>
          </section>
          <xsl:apply-templates select="p:noUbicado"/>
        </main>
        <xsl:apply-templates select="p:fuente"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="title">
    <xsl:choose>
      <xsl:when test="normalize-space(p:metadatos/p:institucion)">
        <xsl:value-of select="p:metadatos/p:institucion"/>
      </xsl:when>
      <xsl:otherwise>Programa de trabajo</xsl:otherwise>
    </xsl:choose>
    <xsl:if test="p:metadatos/p:ejercicio"> — <xsl:value-of select="p:metadatos/p:ejercicio"/></xsl:if>
  </xsl:template>

  <!-- ===== completeness ===== -->

  <xsl:template match="p:completitud" mode="verdict">
    <p>
      <xsl:choose>
        <xsl:when test="@completo = 'true'">
          <xsl:attribute name="class">verdict completo</xsl:attribute>
          <xsl:text>Reporte completo</xsl:text>
        </xsl:when>
        <xsl:otherwise>
          <xsl:attribute name="class">verdict incompleto</xsl:attribute>
          <xsl:text>Reporte incompleto</xsl:text>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="p:hallazgo">
        <xsl:text> · </xsl:text>
        <a href="#hallazgos">
          <xsl:value-of select="count(p:hallazgo)"/>
          <xsl:choose>
            <xsl:when test="count(p:hallazgo) = 1"> hallazgo</xsl:when>
            <xsl:otherwise> hallazgos</xsl:otherwise>
          </xsl:choose>
        </a>
      </xsl:if>
    </p>
  </xsl:template>

  <xsl:template match="p:completitud">
    <section id="hallazgos" aria-labelledby="hallazgos-h">
      <h2 id="hallazgos-h">Hallazgos de completitud</h2>
      <ul class="findings">
        <xsl:for-each select="p:hallazgo">
          <li class="{@severidad}">
            <strong><xsl:value-of select="@severidad"/></strong>
            <xsl:text> </xsl:text>
            <code><xsl:value-of select="@codigo"/></code>
            <xsl:text>: </xsl:text>
            <xsl:value-of select="."/>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- the findings that name element number N, under it -->
  <xsl:template name="findings-of">
    <xsl:param name="n"/>
    <xsl:if test="string($n)">
      <xsl:apply-templates select="key('finding', $n)" mode="inline"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="p:hallazgo" mode="inline">
    <span class="finding {@severidad}">
      <xsl:value-of select="@severidad"/>: <xsl:value-of select="."/>
    </span>
  </xsl:template>

  <!-- ===== identity ===== -->

  <xsl:template match="p:metadatos">
    <section id="metadatos" aria-labelledby="metadatos-h">
      <h2 id="metadatos-h">Metadatos</h2>
      <table>
        <caption class="sub">Datos del reporte como se leyeron del documento</caption>
        <tbody>
          <xsl:call-template name="row"><xsl:with-param name="label">Institución</xsl:with-param><xsl:with-param name="node" select="p:institucion"/><xsl:with-param name="ref">institucion</xsl:with-param></xsl:call-template>
          <xsl:call-template name="row"><xsl:with-param name="label">Fundamento legal</xsl:with-param><xsl:with-param name="node" select="p:fundamento"/><xsl:with-param name="ref">fundamento</xsl:with-param></xsl:call-template>
          <xsl:call-template name="row"><xsl:with-param name="label">Obligación</xsl:with-param><xsl:with-param name="node" select="p:obligacion"/><xsl:with-param name="ref">obligacion</xsl:with-param></xsl:call-template>
          <xsl:call-template name="row"><xsl:with-param name="label">Ejercicio</xsl:with-param><xsl:with-param name="node" select="p:ejercicio"/><xsl:with-param name="ref">ejercicio</xsl:with-param></xsl:call-template>
          <xsl:if test="p:vigencia">
            <tr><th scope="row">Vigencia</th><td><xsl:value-of select="p:vigencia/@desde"/>–<xsl:value-of select="p:vigencia/@hasta"/></td></tr>
          </xsl:if>
          <xsl:call-template name="row"><xsl:with-param name="label">Trimestre</xsl:with-param><xsl:with-param name="node" select="p:trimestre"/><xsl:with-param name="ref">trimestre</xsl:with-param></xsl:call-template>
          <xsl:if test="p:periodoInicio or p:periodoFin">
            <tr><th scope="row">Periodo</th><td><xsl:value-of select="p:periodoInicio"/> a <xsl:value-of select="p:periodoFin"/></td></tr>
          </xsl:if>
          <xsl:call-template name="row"><xsl:with-param name="label">Fecha</xsl:with-param><xsl:with-param name="node" select="p:fecha"/><xsl:with-param name="ref">fecha</xsl:with-param></xsl:call-template>
          <xsl:if test="p:fechaValidacion">
            <tr><th scope="row">Fecha de validación</th><td><xsl:value-of select="p:fechaValidacion"/></td></tr>
          </xsl:if>
          <xsl:if test="p:fechaActualizacion">
            <tr><th scope="row">Fecha de actualización</th><td><xsl:value-of select="p:fechaActualizacion"/></td></tr>
          </xsl:if>
          <xsl:if test="p:periodoActualizacion">
            <tr><th scope="row">Periodo de actualización</th><td><xsl:value-of select="p:periodoActualizacion"/></td></tr>
          </xsl:if>
          <xsl:if test="p:area">
            <tr><th scope="row">Área responsable</th><td><xsl:value-of select="p:area"/></td></tr>
          </xsl:if>
          <xsl:if test="p:nota">
            <tr><th scope="row">Nota</th><td><xsl:value-of select="p:nota"/></td></tr>
          </xsl:if>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <!-- a metadata row: missing, or flagged by the finding of its field -->
  <xsl:template name="row">
    <xsl:param name="label"/>
    <xsl:param name="node"/>
    <xsl:param name="ref"/>
    <xsl:variable name="own" select="key('finding-code', concat('metadatos.', $ref, '.missing'))"/>
    <tr>
      <xsl:if test="$own"><xsl:attribute name="class">flagged</xsl:attribute></xsl:if>
      <th scope="row"><xsl:value-of select="$label"/></th>
      <td>
        <xsl:choose>
          <xsl:when test="normalize-space($node)"><xsl:value-of select="$node"/></xsl:when>
          <xsl:otherwise><span class="missing">no encontrado</span></xsl:otherwise>
        </xsl:choose>
        <xsl:apply-templates select="$own" mode="inline"/>
      </td>
    </tr>
  </xsl:template>

  <xsl:template name="paragraph">
    <xsl:param name="id"/>
    <xsl:param name="heading"/>
    <xsl:param name="node"/>
    <section id="{$id}" aria-labelledby="{$id}-h">
      <h2 id="{$id}-h"><xsl:value-of select="$heading"/></h2>
      <xsl:choose>
        <xsl:when test="$node">
          <p>
            <xsl:value-of select="$node"/>
            <xsl:apply-templates select="$node/@pagina"/>
          </p>
        </xsl:when>
        <xsl:otherwise>
          <p class="missing">No se encontró la <xsl:value-of select="translate($heading, 'MV', 'mv')"/>.</p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="key('finding-code', concat($id, '.missing'))" mode="inline"/>
    </section>
  </xsl:template>

  <xsl:template match="@pagina">
    <xsl:text> </xsl:text>
    <span class="pg">(p. <xsl:value-of select="."/>)</span>
  </xsl:template>

  <!-- ===== FODA ===== -->

  <xsl:template name="quadrant">
    <xsl:param name="class"/>
    <xsl:param name="heading"/>
    <xsl:param name="items"/>
    <section class="{$class}" aria-labelledby="{$class}-h">
      <h3 id="{$class}-h"><xsl:value-of select="$heading"/> (<xsl:value-of select="count($items)"/>)</h3>
      <xsl:choose>
        <xsl:when test="$items">
          <ul class="items">
            <xsl:for-each select="$items">
              <li>
                <xsl:if test="@n"><span class="code"><xsl:value-of select="@n"/></span></xsl:if>
                <xsl:value-of select="."/>
                <xsl:apply-templates select="@pagina"/>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="missing">Sin elementos.</p></xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="key('finding-code', concat('foda.', $class, '.empty'))" mode="inline"/>
    </section>
  </xsl:template>

  <!-- ===== the plan ===== -->

  <xsl:template match="p:eje | p:objetivo | p:estrategia">
    <li>
      <xsl:if test="key('finding', @n)"><xsl:attribute name="class">flagged</xsl:attribute></xsl:if>
      <span class="kind"><xsl:apply-templates select="." mode="kind"/></span>
      <xsl:if test="@n"><span class="code"><xsl:value-of select="@n"/></span></xsl:if>
      <xsl:value-of select="p:texto"/>
      <xsl:apply-templates select="@pagina"/>
      <xsl:call-template name="findings-of"><xsl:with-param name="n" select="@n"/></xsl:call-template>
      <xsl:if test="*[not(self::p:texto)]">
        <ol>
          <xsl:apply-templates select="*[not(self::p:texto)]"/>
        </ol>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="p:lineaAccion">
    <li>
      <xsl:if test="key('finding', @n)"><xsl:attribute name="class">flagged</xsl:attribute></xsl:if>
      <span class="kind">Línea de acción</span>
      <xsl:if test="@n"><span class="code"><xsl:value-of select="@n"/></span></xsl:if>
      <xsl:value-of select="."/>
      <xsl:apply-templates select="@pagina"/>
      <xsl:call-template name="findings-of"><xsl:with-param name="n" select="@n"/></xsl:call-template>
    </li>
  </xsl:template>

  <xsl:template match="p:eje" mode="kind">Eje</xsl:template>
  <xsl:template match="p:objetivo" mode="kind">Objetivo</xsl:template>
  <xsl:template match="p:estrategia" mode="kind">Estrategia</xsl:template>

  <!-- ===== what was not placed, and where it came from ===== -->

  <xsl:template match="p:noUbicado">
    <section id="no-ubicado" aria-labelledby="no-ubicado-h">
      <h2 id="no-ubicado-h">Contenido no ubicado (<xsl:value-of select="count(p:elemento)"/>)</h2>
      <p class="sub">Texto numerado que el convertidor no pudo ubicar en la estructura: revíselo.</p>
      <ol>
        <xsl:for-each select="p:elemento">
          <li>
            <xsl:if test="@n"><span class="code"><xsl:value-of select="@n"/></span></xsl:if>
            <xsl:value-of select="."/>
            <xsl:apply-templates select="@pagina"/>
          </li>
        </xsl:for-each>
      </ol>
    </section>
  </xsl:template>

  <xsl:template match="p:fuente">
    <footer>
      <p>
        <xsl:text>Fuente: </xsl:text><xsl:value-of select="@archivo"/>
        <xsl:if test="@paginas"> · <xsl:value-of select="@paginas"/> páginas</xsl:if>
        <xsl:if test="@bytes"> · <xsl:value-of select="@bytes"/> bytes</xsl:if>
        <xsl:if test="@sha256"> · SHA-256 <xsl:value-of select="@sha256"/></xsl:if>
        <br/>
        <xsl:text>Convertido por </xsl:text><xsl:value-of select="@herramienta"/>
        <xsl:if test="@convertido"> el <xsl:value-of select="@convertido"/></xsl:if>
      </p>
    </footer>
  </xsl:template>

</xsl:stylesheet>
