<?xml version="1.0" encoding="UTF-8"?>
<!-- stylesheets/index.xsl: the index.html of a rendered tree (`apc render PATH... -f html -o DIR`).
     Input (built by main.c, passed to render_index):
       <index xmlns="urn:apc:index:1" title="optional heading">
         <entry href="sub/x.html" file="sub/x.txt" symbol="219-CTr/TU" kind="CTr" title="..."
                issuer="..." date="2023-05-22" parent="36-NQ/TW" errors="0" warnings="2" notes="1"
                failed="0"/>
       </index>
     Every attribute but href is optional. Output: one self-contained HTML5 page. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:i="urn:apc:index:1"
    exclude-result-prefixes="i">

  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>
  <xsl:param name="lang" select="'vi'"/>

  <xsl:template name="t">
    <xsl:param name="vi"/><xsl:param name="en"/>
    <xsl:choose><xsl:when test="$lang = 'en'"><xsl:value-of select="$en"/></xsl:when><xsl:otherwise><xsl:value-of select="$vi"/></xsl:otherwise></xsl:choose>
  </xsl:template>

  <xsl:template match="/i:index">
    <xsl:variable name="heading">
      <xsl:choose>
        <xsl:when test="@title"><xsl:value-of select="@title"/></xsl:when>
        <xsl:otherwise><xsl:call-template name="t"><xsl:with-param name="vi" select="'Danh mục văn bản'"/><xsl:with-param name="en" select="'Documents'"/></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <html lang="vi">
      <head>
        <title><xsl:value-of select="$heading"/></title>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="apc"/>
        <style>
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 13pt; margin: 20px auto; max-width: 1200px; padding: 0 12px; }
h1 { font-size: 16pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.has-errors td.errors { color: #b3261e; font-weight: bold; }
tr.has-warnings td.warnings { color: #8a5a00; font-weight: bold; }
tr.failed td { background: #fbeceb; }
.summary { margin: 8px 0 14px; }
        </style>
      </head>
      <body>
        <h1><xsl:value-of select="$heading"/></h1>
        <p class="summary">
          <xsl:value-of select="count(i:entry)"/>
          <xsl:call-template name="t"><xsl:with-param name="vi" select="' văn bản; lỗi: '"/><xsl:with-param name="en" select="' documents; errors: '"/></xsl:call-template>
          <xsl:value-of select="sum(i:entry/@errors[. = number(.)])"/>
          <xsl:call-template name="t"><xsl:with-param name="vi" select="', cảnh báo: '"/><xsl:with-param name="en" select="', warnings: '"/></xsl:call-template>
          <xsl:value-of select="sum(i:entry/@warnings[. = number(.)])"/>
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Số, ký hiệu'"/><xsl:with-param name="en" select="'Symbol'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Trích yếu'"/><xsl:with-param name="en" select="'Title'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Cơ quan ban hành'"/><xsl:with-param name="en" select="'Issuer'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Ngày'"/><xsl:with-param name="en" select="'Date'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Văn bản cấp trên'"/><xsl:with-param name="en" select="'Parent'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Lỗi'"/><xsl:with-param name="en" select="'Errors'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Cảnh báo'"/><xsl:with-param name="en" select="'Warnings'"/></xsl:call-template></th>
              <th scope="col"><xsl:call-template name="t"><xsl:with-param name="vi" select="'Tệp'"/><xsl:with-param name="en" select="'File'"/></xsl:call-template></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="i:entry">
              <tr>
                <xsl:attribute name="class">
                  <xsl:if test="@errors &gt; 0">has-errors </xsl:if>
                  <xsl:if test="@warnings &gt; 0">has-warnings </xsl:if>
                  <xsl:if test="@failed = '1'">failed</xsl:if>
                </xsl:attribute>
                <td>
                  <xsl:choose>
                    <xsl:when test="@href and not(@failed = '1')"><a href="{@href}"><xsl:value-of select="@symbol"/><xsl:if test="not(@symbol)">(?)</xsl:if></a></xsl:when>
                    <xsl:otherwise><xsl:value-of select="@symbol"/></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td><xsl:value-of select="@kind"/><xsl:if test="@kind and @title"><xsl:text> </xsl:text></xsl:if><xsl:value-of select="@title"/></td>
                <td><xsl:value-of select="@issuer"/></td>
                <td>
                  <xsl:choose>
                    <xsl:when test="string-length(@date) = 10"><time datetime="{@date}"><xsl:value-of select="number(substring(@date, 9, 2))"/>/<xsl:value-of select="number(substring(@date, 6, 2))"/>/<xsl:value-of select="substring(@date, 1, 4)"/></time></xsl:when>
                    <xsl:otherwise><xsl:value-of select="@date"/></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td><xsl:value-of select="@parent"/></td>
                <td class="num errors"><xsl:value-of select="@errors"/></td>
                <td class="num warnings"><xsl:value-of select="@warnings"/></td>
                <td><xsl:value-of select="@file"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
