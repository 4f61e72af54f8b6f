/* resources.h - files embedded at build time (tools/embed.c). */
#ifndef POA_RESOURCES_H
#define POA_RESOURCES_H

extern const unsigned char poa_res_programa_xsd[];
extern const unsigned long poa_res_programa_xsd_len;
extern const unsigned char poa_res_validacion_xsd[];
extern const unsigned long poa_res_validacion_xsd_len;
extern const unsigned char poa_res_default_rules[];
extern const unsigned long poa_res_default_rules_len;
extern const unsigned char poa_res_programa_xsl[];
extern const unsigned long poa_res_programa_xsl_len;
extern const unsigned char poa_res_resumen_xsl[];
extern const unsigned long poa_res_resumen_xsl_len;
extern const unsigned char poa_res_diferencias_xsl[];
extern const unsigned long poa_res_diferencias_xsl_len;

#endif /* POA_RESOURCES_H */
