#!/usr/bin/env python3
"""score_oracles.py DIR - convert every document of DIR with poa2xml ($BIN, default
build/poa2xml) and compare it with its oracle (NAME.expect, docs/pdfgen.md): the plan
elements and the FODA items as sequences aligned by their longest common subsequence (an
element missed or added costs one fact, not every fact after it, as test_e2e's positional
count does), the scalar facts one by one ("(absent)" right when the fact is absent).
Prints one row per document and the totals.  A measuring tool for the notes, not a test."""
import sys, subprocess, os, re, xml.etree.ElementTree as ET, glob
NS='{urn:poa2xml:programa-trabajo:1}'
BIN=os.environ.get('BIN','build/poa2xml')
PLAN={'eje':'eje','objetivo':'objetivo','estrategia':'estrategia','lineaAccion':'linea'}
Q={'fortaleza','debilidad','oportunidad','amenaza'}
def eq(w,g): return w[0]==g[0] and w[2]==g[2] and (w[1]=='-' or w[1]==g[1])
def lcs(a,b):
    n,m=len(a),len(b); d=[[0]*(m+1) for _ in range(n+1)]
    for i in range(n-1,-1,-1):
        for j in range(m-1,-1,-1):
            d[i][j]=d[i+1][j+1]+1 if eq(a[i],b[j]) else max(d[i+1][j],d[i][j+1])
    return d[0][0]
def got(path):
    x=subprocess.run([BIN,'convert',path],capture_output=True).stdout
    plan=[]; foda=[]; sc={}
    if not x.strip(): return plan,foda,sc   # refused: nothing read
    r=ET.fromstring(x)
    def walk(e):
        for c in e:
            t=c.tag.replace(NS,'')
            if t in PLAN:
                tx=c.find(NS+'texto'); txt=tx.text if tx is not None else (c.text or '')
                plan.append((PLAN[t],(c.get('n') or '').lower(),(txt or '').strip())); walk(c)
    o=r.find(NS+'objetivos')
    if o is not None: walk(o)
    f=r.find(NS+'foda')
    if f is not None:
        for it in f.iter():
            t=it.tag.replace(NS,'')
            if t in Q: foda.append((t,(it.get('n') or '').lower(),(it.text or '').strip()))
    m=r.find(NS+'metadatos')
    if m is not None:
        for c in m:
            t=c.tag.replace(NS,'')
            if t=='vigencia': sc['vigencia']=c.get('desde')+'-'+c.get('hasta')
            elif t=='ejercicio': sc['ejercicio']=(c.text or '').strip()
            else: sc[re.sub(r'([A-Z])', lambda m: '_'+m.group(1).lower(), t)]=(c.text or '').strip()
    for k in ('mision','vision'):
        e=r.find(NS+k)
        if e is not None: sc[k]=(e.text or '').strip()
    return plan,foda,sc
tot=[0,0,0,0,0,0]
for exp in sorted(glob.glob(sys.argv[1]+'/*.expect')):
    base=exp[:-7]; src=[p for p in (base+'.pdf',base+'.txt',base+'.html') if os.path.exists(p)][0]
    wp=[];wf=[];ws={}
    for l in open(exp):
        if l.startswith('#') or not l.strip(): continue
        p=l.rstrip('\n').split('\t')
        if p[0] in ('eje','objetivo','estrategia','linea'): wp.append((p[0],p[1].lower(),p[2]))
        elif p[0] in Q: wf.append((p[0],p[1].lower(),p[2]))
        else: ws[p[0]]=p[1]
    gp,gf,gs=got(src)
    # codes '-' in oracle mean any
    def norm(w,g):
        out=[]
        for x in g: out.append(x)
        return out
    def key(w,g):
        # map got codes to '-' where oracle codes are '-' for that kind
        return list(w), list(g)
    a,b=key(wp,gp); pr=lcs(a,b)
    wf.sort(key=lambda x:['fortaleza','debilidad','oportunidad','amenaza'].index(x[0]))
    gf.sort(key=lambda x:['fortaleza','debilidad','oportunidad','amenaza'].index(x[0]))
    a2,b2=key(wf,gf); fr=lcs(a2,b2)
    ok=lambda k,v: (k not in gs) if v=='(absent)' else gs.get(k)==v
    sr=sum(1 for k,v in ws.items() if ok(k,v))
    bad=[k for k,v in ws.items() if not ok(k,v)]
    print(f"{os.path.basename(src):45s} plan {pr:3d}/{len(wp):3d} (got {len(gp):3d})  foda {fr:2d}/{len(wf):2d} (got {len(gf):2d})  scalars {sr}/{len(ws)} {' '.join(bad)}")
    for i,v in enumerate((pr,len(wp),fr,len(wf),sr,len(ws))): tot[i]+=v
print(f"TOTAL plan {tot[0]}/{tot[1]} foda {tot[2]}/{tot[3]} scalars {tot[4]}/{tot[5]}  all {tot[0]+tot[2]+tot[4]}/{tot[1]+tot[3]+tot[5]}")
