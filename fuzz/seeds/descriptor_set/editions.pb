
Ê
ed.protoed"
Req
name (	Rname
count (BªRcount
nums (Rnums*
inner (2.ed.Req.InnerBª(Rinner
Inner
a (	Ra2
Svc
Do.ed.Req.ed.Reqbeditionspè