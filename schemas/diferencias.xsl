<?xml version="1.0" encoding="UTF-8"?>
<!--
  diferencias.xsl - what changed between two reports of one body, as one
  HTML page (poa2xml diff format html): a count of each kind of change,
  then each change with the old and new text side by side.  Everything is
  inline; nothing is fetched.

  Input (made by diff.c): a diferencias element (attributes antes and
  despues, the two files) holding a cambio element per change (tipo:
  agregado, eliminado, renumerado, redactado or cambiado; elemento: the
  element or fact; similitud: the percentage of words in common) with an
  antes and a despues child (attribute n: the code) where each side has it.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/">
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
    <xsl:apply-templates select="diferencias"/>
  </xsl:template>

  <xsl:template match="diferencias">
    <html lang="es">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Cambios: <xsl:value-of select="@antes"/> → <xsl:value-of select="@despues"/></title>
        <style>
          :root { --ink: #1a1a1a; --muted: #4d4d4d; --line: #c8c8c8; }
          * { box-sizing: border-box; }
          body { margin: 0; font: 16px/1.5 system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
                 color: var(--ink); background: #fff; }
          header, main { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
          header { padding-top: 1.5rem; border-bottom: 2px solid var(--ink); }
          h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
          .sub { color: var(--muted); margin: 0 0 .75rem; word-break: break-all; }
          .totals { display: flex; flex-wrap: wrap; gap: .75rem; margin: .5rem 0 1rem; padding: 0; list-style: none; }
          .totals li { border: 1px solid var(--line); padding: .3rem .7rem; border-radius: .25rem; }
          table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
          th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
          th { font-weight: 600; }
          .tipo { font-weight: 600; white-space: nowrap; }
          .agregado .tipo { color: #1b5e20; }
          .eliminado .tipo { color: #b00020; }
          .renumerado .tipo { color: #0d47a1; }
          .redactado .tipo, .cambiado .tipo { color: #8a4b00; }
          del { background: #fde7ea; text-decoration: line-through; }
          ins { background: #e6f4ea; text-decoration: none; }
          .code { font-weight: 700; margin-right: .35rem; }
          .pct { color: var(--muted); font-size: .85em; }
          @media (max-width: 40rem) { th:nth-child(2), td:nth-child(2) { display: none; } }
        </style>
      </head>
      <body>
        <header>
          <h1>Cambios entre dos reportes</h1>
          <p class="sub">Antes: <xsl:value-of select="@antes"/><br/>Después: <xsl:value-of select="@despues"/></p>
          <ul class="totals">
            <li><strong><xsl:value-of select="count(cambio)"/></strong> cambios</li>
            <li class="agregado"><xsl:value-of select="count(cambio[@tipo='agregado'])"/> agregados</li>
            <li class="eliminado"><xsl:value-of select="count(cambio[@tipo='eliminado'])"/> eliminados</li>
            <li class="renumerado"><xsl:value-of select="count(cambio[@tipo='renumerado'])"/> renumerados</li>
            <li class="redactado"><xsl:value-of select="count(cambio[@tipo='redactado'])"/> redactados</li>
            <li class="cambiado"><xsl:value-of select="count(cambio[@tipo='cambiado'])"/> datos cambiados</li>
          </ul>
        </header>
        <main>
          <xsl:choose>
            <xsl:when test="cambio">
              <table>
                <caption class="sub">Cada cambio, del reporte anterior al nuevo</caption>
                <thead>
                  <tr>
                    <th scope="col">Cambio</th>
                    <th scope="col">Elemento</th>
                    <th scope="col">Antes</th>
                    <th scope="col">Después</th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:apply-templates select="cambio"/>
                </tbody>
              </table>
            </xsl:when>
            <xsl:otherwise>
              <p>Los dos reportes dicen lo mismo.</p>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="cambio">
    <tr class="{@tipo}">
      <td class="tipo">
        <xsl:value-of select="@tipo"/>
        <xsl:if test="@tipo = 'redactado' or (@tipo = 'renumerado' and @similitud &lt; 100)">
          <br/><span class="pct"><xsl:value-of select="@similitud"/> % de palabras en común</span>
        </xsl:if>
      </td>
      <td><xsl:value-of select="@elemento"/></td>
      <td><xsl:apply-templates select="antes"/></td>
      <td><xsl:apply-templates select="despues"/></td>
    </tr>
  </xsl:template>

  <xsl:template match="antes">
    <xsl:if test="@n"><span class="code"><xsl:value-of select="@n"/></span></xsl:if>
    <del><xsl:value-of select="."/></del>
  </xsl:template>

  <xsl:template match="despues">
    <xsl:if test="@n"><span class="code"><xsl:value-of select="@n"/></span></xsl:if>
    <ins><xsl:value-of select="."/></ins>
  </xsl:template>

</xsl:stylesheet>
