/* report_fixture.h - reports built by hand with the model.c constructors,
 * shared by test_emit.c, test_check.c and test_validate.c. */
#ifndef POA_REPORT_FIXTURE_H
#define POA_REPORT_FIXTURE_H

#include <string.h>

#include "model.h"

/* A node appended to PARENT; returns it. */
static inline poa_node *fixture_node(poa_node *parent, poa_node_kind kind, const char *code,
                                     const char *text)
{
    poa_node *node = model_node_new(kind, code, text);
    model_node_append(parent, node);
    return node;
}

/* A report that passes every completeness check: metadata of a third
 * quarter, mission, vision, two items per quadrant, objective 1 with lines
 * 1.1 and 1.2, objective 2 with strategy 2.1 and lines 2.1.1 and 2.1.2.
 * Caller frees with poa_report_free. */
static inline poa_report *fixture_complete_report(void)
{
    poa_report *r = model_report_new();
    model_set_string(&r->source.archivo, "poa_2024_t3.pdf");
    memset(r->source.sha256, 'a', 64);
    r->source.bytes = 12345;
    r->source.paginas = 4;
    model_set_string(&r->source.convertido, "2024-10-01T12:00:00Z");
    poa_metadata *m = &r->meta;
    model_set_string(&m->institucion, "Instituto Electoral de la Ciudad de México");
    model_set_string(&m->fundamento, "Artículo 121, fracción XXII de la Ley de Transparencia");
    model_set_string(&m->obligacion, "b) Los Programas Operativos Anuales y/o Programas de Trabajo");
    m->ejercicio = 2024;
    m->trimestre = 3;
    model_set_string(&m->fecha, "2024-09-30");
    model_set_string(&m->periodo_actualizacion, "Trimestral y anual");
    model_set_string(&m->nota, "Sin nota");
    model_set_string(&r->mision, "Organizar procesos electorales confiables.");
    model_set_string(&r->vision, "Ser un órgano autónomo de excelencia.");
    const char *texts[POA_QUADRANTS][2] = {
        { "Personal capacitado", "Certificación ISO" },
        { "Presupuesto limitado", "Sistemas obsoletos" },
        { "Alianzas con universidades", "Nuevas tecnologías" },
        { "Desconfianza ciudadana", "Recortes presupuestales" },
    };
    for (int q = 0; q < POA_QUADRANTS; q++) {
        model_foda_add(r, q, "1", texts[q][0], NULL);
        model_foda_add(r, q, "2", texts[q][1], NULL);
    }
    poa_node *o1 = fixture_node(r->plan, POA_NODE_OBJETIVO, "1", "Fortalecer la democracia.");
    fixture_node(o1, POA_NODE_LINEA, "1.1", "Capacitar al personal.");
    fixture_node(o1, POA_NODE_LINEA, "1.2", "Difundir la cultura cívica.");
    poa_node *o2 = fixture_node(r->plan, POA_NODE_OBJETIVO, "2", "Rendir cuentas.");
    poa_node *e21 = fixture_node(o2, POA_NODE_ESTRATEGIA, "2.1", "Transparentar el gasto.");
    fixture_node(e21, POA_NODE_LINEA, "2.1.1", "Publicar informes.");
    fixture_node(e21, POA_NODE_LINEA, "2.1.2", "Atender solicitudes.");
    return r;
}

#endif /* POA_REPORT_FIXTURE_H */
