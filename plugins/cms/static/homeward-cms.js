/* Homeward's additions to Decap CMS, published as /admin/homeward-cms.js (no inline script: the
 * admin page's Content-Security-Policy allows only the site's own files).
 *
 * Before every save (Decap's preSave event):
 *   - dates that must come in order (an event's end after its start, a job's last day after it
 *     was posted, each session of a programme) are checked, and the save is refused with a
 *     message that says which fields to correct — what Decap's own required fields and
 *     patterns cannot check;
 *   - the files are written in Homeward's one file format (homeward/fileformat.py): no empty
 *     keys (`modified: null`), keys of objects in field order like Decap does for the top level;
 *   - a language nobody filled in (no title, summary or text) is not saved at all, and a
 *     language that is saved takes what it leaves empty of the shared image's text and the
 *     press images from the default language.
 * In the preview (`invoke serve --cms`) it also shows the site's build errors at the bottom
 * of the CMS, as `file:line: what is wrong; how to fix it`, within a second of a save.
 *
 * The rules come from /admin/homeward.json, generated from the content model (plugins/cms).
 */
(function () {
  'use strict';
  var CMS = window.CMS;
  var script = document.currentScript;
  if (!CMS || !script) return;
  var rulesReady = fetch(script.getAttribute('data-rules'), { cache: 'no-store' }).then(function (response) {
    return response.json();
  });

  // ------------------------------------------------------------ values

  function isEmpty(value) {
    return (
      value === null ||
      value === undefined ||
      value === '' ||
      (Array.isArray(value) && value.length === 0) ||
      (isObject(value) && Object.keys(value).length === 0)
    );
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
  }

  function hasText(value) {
    return typeof value === 'string' && value.trim() !== '';
  }

  /* Keys in the shape's order (unknown keys last, as they were), empty values left out. */
  function arrange(value, shape) {
    if (Array.isArray(value)) {
      return value.map(function (item) { return arrange(item, shape); }).filter(function (item) { return !isEmpty(item); });
    }
    if (!isObject(value)) return value;
    var keys = (shape && shape.keys) || [];
    var children = (shape && shape.children) || {};
    var order = keys.filter(function (key) { return key in value; });
    Object.keys(value).forEach(function (key) { if (order.indexOf(key) < 0) order.push(key); });
    var out = {};
    order.forEach(function (key) {
      var item = arrange(value[key], children[key]);
      if (!isEmpty(item)) out[key] = item;
    });
    return out;
  }

  /* Plain values back into Decap's Immutable structures, made from empty ones Decap gave us. */
  function immutable(value, emptyMap, emptyList) {
    if (Array.isArray(value)) {
      return emptyList.push.apply(emptyList, value.map(function (item) { return immutable(item, emptyMap, emptyList); }));
    }
    if (isObject(value)) {
      return emptyMap.withMutations(function (map) {
        Object.keys(value).forEach(function (key) { map.set(key, immutable(value[key], emptyMap, emptyList)); });
      });
    }
    return value;
  }

  function getPath(value, path) {
    return path.split('.').reduce(function (at, key) { return isObject(at) ? at[key] : undefined; }, value);
  }

  /* Set `path` when the object that holds it exists (an image's alt only where there is an image). */
  function fillPath(target, source, path) {
    var keys = path.split('.');
    var last = keys.pop();
    var holder = keys.reduce(function (at, key) { return isObject(at) ? at[key] : undefined; }, target);
    var from = getPath(source, path);
    if (keys.length === 0) holder = target;
    if (isObject(holder) && isEmpty(holder[last]) && !isEmpty(from)) holder[last] = JSON.parse(JSON.stringify(from));
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  // ------------------------------------------------------------ checks

  function dateProblems(data, rules, messages) {
    var problems = [];
    (rules.dates || []).forEach(function (rule) {
      var holders = [data];
      if (rule.path.length) {
        var list = getPath(data, rule.path.join('.'));
        holders = Array.isArray(list) ? list : [];
      }
      holders.forEach(function (holder) {
        if (!isObject(holder)) return;
        var earlier = holder[rule.earlier];
        var later = holder[rule.later];
        if (isEmpty(earlier) || isEmpty(later)) return;
        var a = Date.parse(earlier);
        var b = Date.parse(later);
        if (!isNaN(a) && !isNaN(b) && b < a) {
          problems.push(format(messages.order, {
            earlier: rule.labels[0], later: rule.labels[1], earlier_value: String(earlier), later_value: String(later),
          }));
        }
      });
    });
    return problems;
  }

  CMS.registerEventListener({
    name: 'preSave',
    handler: function (event) {
      return rulesReady.then(function (rules) {
        var entry = event.entry;
        var collection = rules.collections[entry.get('collection')];
        if (!collection) return undefined;
        var data = entry.get('data');
        var emptyMap = data.clear();
        var emptyList = data.toList().clear();
        var plain = data.toJS();
        delete plain.lang; // the file name gives it
        var problems = dateProblems(plain, collection, rules.messages);
        entry = entry.set('data', immutable(arrange(plain, collection.shape), emptyMap, emptyList));
        var i18n = entry.get('i18n');
        if (i18n && collection.text) {
          i18n.keySeq().toArray().forEach(function (locale) {
            var local = i18n.getIn([locale, 'data']);
            local = local && local.toJS ? local.toJS() : {};
            delete local.lang;
            var filled = collection.text.some(function (key) { return hasText(local[key]); });
            if (!filled) {
              i18n = i18n.delete(locale); // nobody wrote this language: no file for it
              return;
            }
            if (!hasText(local.title)) {
              problems.push(format(rules.messages.title, { language: rules.languages[locale] || locale }));
            }
            collection.fill.forEach(function (path) { fillPath(local, plain, path); });
            i18n = i18n.setIn([locale, 'data'], immutable(arrange(local, collection.shape), emptyMap, emptyList));
          });
          entry = entry.set('i18n', i18n);
        }
        if (problems.length) throw new Error(problems.join('\n'));
        // decap-cms-core 3.19's invokeEvent returns `event.entry` when a handler returns
        // nothing: the whole entry, languages included, not only its default language's data.
        event.entry = entry;
        return undefined;
      });
    },
  });

  // A save that fails (our check refused it, or the back end did) is shown in Decap's own
  // toast; decap-cms-core then also rejects a promise nobody awaits with its ENTRY_PERSIST_FAILURE
  // action, which the browser reports as an uncaught error. That one is handled here.
  window.addEventListener('unhandledrejection', function (event) {
    var reason = event.reason;
    if (reason && typeof reason === 'object' && /PERSIST_FAILURE$/.test(String(reason.type))) event.preventDefault();
  });

  // ------------------------------------------------------------ the preview's build errors

  function showStatus(status, messages) {
    var box = document.getElementById('homeward-status');
    var errors = (status.errors || []).filter(function (error) { return !error.warning; });
    if (!errors.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement('div');
      box.id = 'homeward-status';
      box.setAttribute('role', 'alert');
      box.style.cssText =
        'position:fixed;left:0;right:0;bottom:0;z-index:10000;max-height:40vh;overflow:auto;padding:12px 16px;' +
        'background:#fff4f4;color:#5c0000;border-top:3px solid #b00020;font:14px/1.5 system-ui,sans-serif;white-space:pre-wrap';
      document.body.appendChild(box);
    }
    box.textContent = messages.build_error + '\n' + errors.map(function (error) {
      return error.path + ':' + error.line + ': ' + error.message;
    }).join('\n');
  }

  rulesReady.then(function (rules) {
    if (!rules.status || !window.EventSource) return;
    var check = function () {
      fetch(rules.status, { cache: 'no-store' })
        .then(function (response) { return response.json(); })
        .then(function (status) { showStatus(status, rules.messages); })
        .catch(function () {});
    };
    var events = new EventSource('/__homeward/events');
    events.onmessage = check;
  });
})();
