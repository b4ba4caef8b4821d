(function(){
  function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!==undefined)e.textContent=text;return e;}
  document.querySelectorAll('section.item').forEach(function(sec){
    var data=JSON.parse(sec.querySelector('script.findings').textContent);
    var byId={};data.forEach(function(f){byId[f.id]=f;});
    var box=sec.querySelector('.details-body');
    function show(ids){
      sec.querySelectorAll('.sel').forEach(function(e){e.classList.remove('sel');});
      box.textContent='';box.classList.remove('muted');
      ids.forEach(function(id){
        var f=byId[id];if(!f)return;
        var d=el('div','item-box');
        d.appendChild(el('b','',f.title+' ('+f.score.toFixed(2)+')'));
        d.appendChild(el('div','','“'+f.text+'”'));
        f.explain.forEach(function(line){d.appendChild(el('div','',line));});
        if(f.links.length){
          var rel=el('div','');rel.appendChild(el('span','muted','related: '));
          f.links.forEach(function(l){var a=el('a','',l.text);a.href='#';a.setAttribute('data-ref',l.id);rel.appendChild(a);rel.appendChild(document.createTextNode(' · '));});
          d.appendChild(rel);
        }
        var raw=el('details','');raw.appendChild(el('summary','muted','raw attributes ('+f.analyzer+', chars '+f.start+'–'+f.end+')'));
        raw.appendChild(el('pre','raw',JSON.stringify(f.attrs,null,1)));d.appendChild(raw);
        box.appendChild(d);
        sec.querySelectorAll('[data-f~="'+CSS.escape(id)+'"]').forEach(function(e){e.classList.add('sel');});
      });
    }
    sec.addEventListener('click',function(ev){
      var t=ev.target.closest('[data-f]');if(t){show(t.getAttribute('data-f').split(' '));return;}
      var r=ev.target.closest('[data-ref]');
      if(r){ev.preventDefault();var id=r.getAttribute('data-ref');show([id]);
        var hit=sec.querySelector('[data-f~="'+CSS.escape(id)+'"]');if(hit)hit.scrollIntoView({block:'center'});}
    });
    sec.querySelectorAll('.legend input').forEach(function(cb){
      cb.addEventListener('change',function(){sec.querySelector('.text').classList.toggle('hide-'+cb.value,!cb.checked);});
    });
  });
})();
